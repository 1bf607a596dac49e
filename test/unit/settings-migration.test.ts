import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { migrateV1ToV2 } from '../../lib/settings';

// wxt/storage runs an item's migrations when the item is defined, i.e. when lib/settings is
// first imported. Each test writes the old data first and then imports a fresh copy of the
// module, as happens when the updated extension starts on a profile that holds v1 data.
async function freshSettingsModule() {
  vi.resetModules();
  return import('../../lib/settings');
}

const v1 = { server: 'pbx.example.com', ext: '1001', password: 'secret1001', crmUrl: 'https://crm.example.com/x/{contact_ref}' };

beforeEach(() => fakeBrowser.reset());

describe('migration from storage version 1', () => {
  it.each([
    ['with an explicit v1 meta key', { 'settings$': { v: 1 } }],
    ['without any meta key (WXT reads that as v1)', {}],
  ])('turns v1 fields into v2 settings %s', async (_, meta) => {
    await fakeBrowser.storage.local.set({ settings: v1, ...meta });
    const { loadSettings, DEFAULT_SETTINGS } = await freshSettingsModule();
    expect(await loadSettings()).toEqual({
      settings: {
        ...DEFAULT_SETTINGS,
        pbxUrl: 'wss://pbx.example.com:8089/ws',
        extension: '1001',
        password: 'secret1001',
        recordUrlTemplate: 'https://crm.example.com/x/{contact_ref}',
      },
      errors: [],
    });
    const stored = await fakeBrowser.storage.local.get(['settings', 'settings$']);
    expect(stored['settings$']).toEqual({ v: 4 });
    expect(stored['settings']).not.toHaveProperty('server');
    expect(JSON.stringify(stored)).not.toContain('secret1001');
  });

  it('reports v1 values that are not valid v2 values, per field', async () => {
    await fakeBrowser.storage.local.set({ settings: { ...v1, ext: 'ext 1001', crmUrl: 'https://crm/{account}' }, 'settings$': { v: 1 } });
    const { loadSettings } = await freshSettingsModule();
    const { settings, errors } = await loadSettings();
    expect(settings.pbxUrl).toBe('wss://pbx.example.com:8089/ws');
    expect(errors.map((e) => e.field).sort()).toEqual(['extension', 'recordUrlTemplate']);
  });

});

describe('migration from storage version 2 (secrets inside storage.local)', () => {
  const turn = { urls: 'turn:turn.example.com:3478', username: 'agent7', credential: 'turn-cred-7' };
  const v2 = { pbxUrl: 'wss://a.example.com/ws', extension: '7', password: 'pass-7', iceServers: [{ urls: 'stun:s.example.com' }, turn] };

  it('moves the password and TURN credentials to the secret store and out of storage.local', async () => {
    await fakeBrowser.storage.local.set({ settings: v2, 'settings$': { v: 2 } });
    const { loadSettings } = await freshSettingsModule();
    expect((await loadSettings()).settings).toMatchObject(v2);
    const stored = await fakeBrowser.storage.local.get(null);
    expect(stored['settings$']).toEqual({ v: 4 });
    expect(JSON.stringify(stored)).not.toContain('pass-7');
    expect(JSON.stringify(stored)).not.toContain('turn-cred-7');
    expect(stored['settings']).toMatchObject({ extension: '7', iceServers: [{ urls: 'stun:s.example.com' }, { urls: turn.urls, username: 'agent7' }] });
  });

  it('keeps version 2 with its secrets when the secret store cannot be written, and moves them on the next start', async () => {
    await fakeBrowser.storage.local.set({ settings: v2, 'settings$': { v: 2 } });
    const working = globalThis.indexedDB;
    globalThis.indexedDB = { open: () => { throw new Error('IndexedDB unavailable'); } } as unknown as IDBFactory;
    vi.spyOn(console, 'error').mockImplementation(() => {}); // wxt/storage logs the failed migration
    const broken = await freshSettingsModule();
    await expect(broken.loadSettings()).rejects.toThrow('IndexedDB unavailable');
    expect(await fakeBrowser.storage.local.get(['settings', 'settings$'])).toEqual({ settings: v2, 'settings$': { v: 2 } });
    globalThis.indexedDB = working;
    const { loadSettings } = await freshSettingsModule();
    expect((await loadSettings()).settings).toMatchObject(v2);
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain('pass-7');
  });
});

describe('migrateV1ToV2', () => {
  it.each([
    ['pbx.example.com', 'wss://pbx.example.com:8089/ws'],
    [' pbx.example.com/ ', 'wss://pbx.example.com:8089/ws'],
    ['pbx.example.com:443', 'wss://pbx.example.com:443/ws'],
    ['wss://pbx.example.com/custom', 'wss://pbx.example.com/custom'],
  ])('derives the PBX URL from server %j', (server, pbxUrl) => {
    expect(migrateV1ToV2({ server })).toEqual({ pbxUrl });
  });

  it('maps the display name and the auto-pop switch', () => {
    expect(migrateV1ToV2({ name: 'Alice', autoPop: false })).toEqual({ displayName: 'Alice', popOn: 'off' });
    expect(migrateV1ToV2({ autoPop: true })).toEqual({ popOn: 'ring' });
  });

  it('passes through what it cannot reshape, for validation to report', () => {
    expect(migrateV1ToV2('junk')).toBe('junk');
    expect(migrateV1ToV2({ server: 5 })).toEqual({ pbxUrl: 5 });
  });
});
