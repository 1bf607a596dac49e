import { describe, expect, it, vi } from 'vitest';
import { createPickerService, PICK_SESSION_MS, TEST_FILL_VALUE, type PickerDeps, type PickSession } from '../../lib/picker/picker-service';
import type { PickerCommand } from '../../lib/picker/picker-command';
import type { TabInfo } from '../../lib/screen-pop/platform';

const CRM = 'https://crm.example.com';
const SETTINGS = { recordUrlTemplate: `${CRM}/contacts/{contact_ref}`, searchUrlTemplate: '' };

function fakes(overrides: Partial<PickerDeps> = {}, tabs: TabInfo[] = [{ id: 7, url: `${CRM}/home`, active: true, windowId: 1, lastAccessed: 5 }]) {
  let session: PickSession | null = null;
  let now = 1_000;
  const commands: { tabId: number; command: PickerCommand }[] = [];
  const deps: PickerDeps = {
    loadSettings: vi.fn(async () => ({ settings: SETTINGS, lookupLocked: false })),
    saveSelector: vi.fn(async () => ({ ok: true as const })),
    queryTabs: vi.fn(async () => tabs),
    focusTab: vi.fn(async () => undefined),
    inject: vi.fn(async () => undefined),
    run: vi.fn(async (tabId: number, command: PickerCommand) => {
      commands.push({ tabId, command });
      return { ok: true as const };
    }),
    session: { get: async () => session, set: async (s) => void (session = s) },
    notify: vi.fn(async () => undefined),
    now: () => now,
    ...overrides,
  };
  return { deps, commands, service: createPickerService(deps), advance: (ms: number) => void (now += ms), session: () => session };
}

const fromTab = (tabId = 7, url = `${CRM}/contacts/1`, frameId = 0) => ({ tabId, url, frameId });

describe('picker service', () => {
  it('starts in the most recent tab on the exact CRM origin: injects, begins, brings it to the front', async () => {
    const tabs = [
      { id: 3, url: 'https://crm.example.com:8443/x', active: true, lastAccessed: 99 },
      { id: 4, url: `${CRM}/a`, active: false, lastAccessed: 10 },
      { id: 5, url: `${CRM}/b`, active: false, lastAccessed: 20, windowId: 2 },
      { id: 6, url: 'https://evil.example/', active: false, lastAccessed: 50 },
    ];
    const { service, deps, commands, session } = fakes({}, tabs);
    await expect(service.start()).resolves.toEqual({ origin: CRM });
    expect(deps.inject).toHaveBeenCalledWith(5);
    expect(commands).toEqual([{ tabId: 5, command: { kind: 'begin' } }]);
    expect(deps.focusTab).toHaveBeenCalledWith(tabs[2]);
    expect(session()).toEqual({ tabId: 5, origin: CRM, startedAt: 1_000 });
  });

  it('says what to do with no CRM template, no CRM tab, a locked lookup field, or no access', async () => {
    await expect(fakes({ loadSettings: async () => ({ settings: { recordUrlTemplate: '', searchUrlTemplate: '' }, lookupLocked: false }) }).service.start()).rejects.toThrow(
      /Set and save the CRM record or search URL template first/,
    );
    await expect(fakes({}, [{ id: 1, url: 'https://other.example/', active: true }]).service.start()).rejects.toThrow(`Open your CRM (${CRM}) in a tab first`);
    await expect(fakes({ loadSettings: async () => ({ settings: SETTINGS, lookupLocked: true }) }).service.start()).rejects.toThrow('set by your organisation');
    await expect(fakes({ inject: async () => Promise.reject(new Error('Cannot access contents of the page')) }).service.start()).rejects.toThrow(
      `Cannot reach the CRM tab on ${CRM}`,
    );
  });

  it('saves the picked selector from the tab it started in and tells the settings pages', async () => {
    const { service, deps, session } = fakes();
    await service.start();
    await expect(service.picked('#crm-lookup', fromTab())).resolves.toEqual({ selector: '#crm-lookup' });
    expect(deps.saveSelector).toHaveBeenCalledWith('#crm-lookup');
    expect(deps.notify).toHaveBeenCalledWith({ outcome: 'picked', selector: '#crm-lookup', origin: CRM });
    expect(session()).toBeNull();
    // One pick per start.
    await expect(service.picked('#other', fromTab())).rejects.toThrow('No pick is in progress');
  });

  it.each([
    ['another tab', fromTab(8)],
    ['a frame', fromTab(7, `${CRM}/x`, 3)],
    ['another port of the host', fromTab(7, 'https://crm.example.com:8443/x')],
    ['another origin (the tab navigated)', fromTab(7, 'https://evil.example/')],
    ['no tab at all', { url: `${CRM}/x` }],
  ])('refuses a pick from %s', async (_, sender) => {
    const { service, deps } = fakes();
    await service.start();
    await expect(service.picked('#x', sender)).rejects.toThrow('Not the tab the pick was started in');
    expect(deps.saveSelector).not.toHaveBeenCalled();
  });

  it('refuses a pick without a session, after the session ran out, or with an invalid selector', async () => {
    const idle = fakes();
    await expect(idle.service.picked('#x', fromTab())).rejects.toThrow('No pick is in progress');
    const late = fakes();
    await late.service.start();
    late.advance(PICK_SESSION_MS + 1);
    await expect(late.service.picked('#x', fromTab())).rejects.toThrow('No pick is in progress');
    const bad = fakes();
    await bad.service.start();
    await expect(bad.service.picked('a { color: red }', fromTab())).rejects.toThrow('not a valid CSS selector');
    expect(bad.deps.saveSelector).not.toHaveBeenCalled();
  });

  it('refuses when the CRM origin left the settings meanwhile, and reports a failed save', async () => {
    let settings = SETTINGS;
    const moved = fakes({ loadSettings: async () => ({ settings, lookupLocked: false }) });
    await moved.service.start();
    settings = { recordUrlTemplate: 'https://new-crm.example.com/c/{contact_ref}', searchUrlTemplate: '' };
    await expect(moved.service.picked('#x', fromTab())).rejects.toThrow('no longer a CRM origin');

    const refused = fakes({ saveSelector: async () => ({ ok: false as const, error: 'Needed to register: ...' }) });
    await refused.service.start();
    await expect(refused.service.picked('#x', fromTab())).rejects.toThrow('Needed to register');
    expect(refused.deps.notify).toHaveBeenCalledWith({ outcome: 'failed', error: 'Needed to register: ...' });
  });

  it('Escape in the tab ends the session and tells the settings pages; Stop ends it in the tab', async () => {
    const { service, deps, commands, session } = fakes();
    await service.start();
    await service.cancelled(fromTab());
    expect(deps.notify).toHaveBeenCalledWith({ outcome: 'cancelled' });
    expect(session()).toBeNull();
    await service.start();
    await service.stop();
    expect(commands.at(-1)).toEqual({ tabId: 7, command: { kind: 'end' } });
    expect(session()).toBeNull();
  });

  it('a new start in another tab ends the pick in the first', async () => {
    const tabs: TabInfo[] = [{ id: 7, url: `${CRM}/a`, active: true, lastAccessed: 5 }];
    const { service, commands } = fakes({}, tabs);
    await service.start();
    tabs.push({ id: 9, url: `${CRM}/b`, active: true, lastAccessed: 50 });
    await service.start();
    expect(commands).toEqual([
      { tabId: 7, command: { kind: 'begin' } },
      { tabId: 7, command: { kind: 'end' } },
      { tabId: 9, command: { kind: 'begin' } },
    ]);
  });

  it('test fill types the sample number with the given selector into the CRM tab, and says why when it cannot', async () => {
    const { service, commands } = fakes();
    await expect(service.testFill('#crm-lookup')).resolves.toEqual({ origin: CRM, value: TEST_FILL_VALUE });
    expect(commands).toEqual([{ tabId: 7, command: { kind: 'fill', selector: '#crm-lookup', value: TEST_FILL_VALUE } }]);
    const missing = fakes({ run: async () => ({ ok: false as const, error: 'no element matches #nope' }) });
    await expect(missing.service.testFill('#nope')).rejects.toThrow(`Test fill on ${CRM}: no element matches #nope`);
    await expect(fakes().service.testFill('}{')).rejects.toThrow('not a valid CSS selector');
  });
});
