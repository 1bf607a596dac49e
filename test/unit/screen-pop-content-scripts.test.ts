import { describe, expect, it, vi } from 'vitest';
import {
  CLICK_TO_DIAL_SCRIPT,
  CRM_SCRIPT_FILE,
  CRM_SCRIPT_ID,
  serialised,
  startContentScriptSync,
  syncContentScripts,
  type ContentScriptRegistration,
  type ContentScriptSyncDeps,
} from '@/lib/screen-pop/content-scripts';
import { silentLogger } from '@/lib/phone/types';

type Templates = { recordUrlTemplate: string; searchUrlTemplate: string };

/** A browser with a scripting registry, granted origins, open tabs and event hubs. */
function fakeWorld(options: { granted?: string[]; tabs?: { id: number; url?: string }[]; templates?: Partial<Templates> } = {}) {
  const registry = new Map<string, ContentScriptRegistration>();
  const granted = new Set(options.granted ?? []);
  let templates: Templates = { recordUrlTemplate: '', searchUrlTemplate: '', ...options.templates };
  const hub = <A extends unknown[]>() => {
    const listeners = new Set<(...args: A) => void>();
    return {
      addListener: (cb: (...args: A) => void) => void listeners.add(cb),
      removeListener: (cb: (...args: A) => void) => void listeners.delete(cb),
      fire: (...args: A) => listeners.forEach((cb) => cb(...args)),
      size: () => listeners.size,
    };
  };
  const settingsListeners = new Set<(r: { settings: Templates }) => void>();
  const scripting = {
    getRegisteredContentScripts: vi.fn(async (filter?: { ids?: string[] }) =>
      [...registry.values()].filter((s) => !filter?.ids || filter.ids.includes(s.id)).map((s) => structuredClone(s)),
    ),
    registerContentScripts: vi.fn(async (scripts: ContentScriptRegistration[]) => {
      for (const s of scripts) {
        if (registry.has(s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
        registry.set(s.id, structuredClone(s));
      }
    }),
    updateContentScripts: vi.fn(async (scripts: ContentScriptRegistration[]) => {
      for (const s of scripts) registry.set(s.id, { ...registry.get(s.id)!, ...structuredClone(s) });
    }),
    unregisterContentScripts: vi.fn(async (filter?: { ids?: string[] }) => {
      for (const id of filter?.ids ?? [...registry.keys()]) registry.delete(id);
    }),
    executeScript: vi.fn(async ({ target }: { target: { tabId: number }; files: string[] }) => {
      if (target.tabId === 666) throw new Error('Cannot access contents of the page');
      return [];
    }),
  };
  const permissionEvents = { onAdded: hub(), onRemoved: hub() };
  const onInstalled = hub<[{ reason: string }]>();
  const deps: ContentScriptSyncDeps = {
    scripting,
    permissions: { contains: async ({ origins }) => origins.every((o) => granted.has(o)) },
    tabs: { query: async () => options.tabs ?? [] },
    loadSettings: async () => ({ settings: templates }),
    watchSettings: (cb) => {
      settingsListeners.add(cb);
      return () => settingsListeners.delete(cb);
    },
    permissionEvents,
    onInstalled,
    logger: silentLogger,
  };
  return {
    deps,
    registry,
    scripting,
    grant: (p: string) => granted.add(p),
    revoke: (p: string) => granted.delete(p),
    setTemplates: (t: Partial<Templates>) => {
      templates = { ...templates, ...t };
      settingsListeners.forEach((cb) => cb({ settings: templates }));
    },
    permissionEvents,
    onInstalled,
    settingsListenerCount: () => settingsListeners.size,
  };
}

const CRM = { recordUrlTemplate: 'https://crm.example.com:8443/c/{contact_ref}', searchUrlTemplate: 'http://127.0.0.1:8080/s?q={number}' };
const settled = () => new Promise((r) => setTimeout(r, 0));

describe('syncContentScripts', () => {
  it('registers the panel script for the granted CRM origins only', async () => {
    const w = fakeWorld({ templates: CRM, granted: ['https://crm.example.com/*'] });
    const result = await syncContentScripts(w.deps);
    expect(result.matches).toEqual(['https://crm.example.com/*']);
    expect(w.registry.get(CRM_SCRIPT_ID)).toEqual({
      id: 'crm-panel',
      js: ['crm-panel.js'],
      matches: ['https://crm.example.com/*'],
      runAt: 'document_idle',
      persistAcrossSessions: true,
    });
  });

  it('registers nothing when no origin is granted or configured', async () => {
    const w = fakeWorld({ templates: CRM });
    expect((await syncContentScripts(w.deps)).matches).toEqual([]);
    expect(w.scripting.registerContentScripts).not.toHaveBeenCalled();
    expect(w.registry.size).toBe(0);
  });

  it('updates the matches when a second origin is granted, and unregisters when none is left', async () => {
    const w = fakeWorld({ templates: CRM, granted: ['https://crm.example.com/*'] });
    await syncContentScripts(w.deps);
    w.grant('http://127.0.0.1/*');
    await syncContentScripts(w.deps);
    expect(w.scripting.updateContentScripts).toHaveBeenCalledTimes(1);
    expect(w.registry.get(CRM_SCRIPT_ID)?.matches).toEqual(['http://127.0.0.1/*', 'https://crm.example.com/*']);
    w.revoke('http://127.0.0.1/*');
    w.revoke('https://crm.example.com/*');
    await syncContentScripts(w.deps);
    expect(w.scripting.unregisterContentScripts).toHaveBeenCalledWith({ ids: ['crm-panel'] });
    expect(w.registry.size).toBe(0);
  });

  it('is idempotent: a second run with nothing changed mutates nothing and injects nowhere', async () => {
    const w = fakeWorld({ templates: CRM, granted: ['https://crm.example.com/*'], tabs: [{ id: 1, url: 'https://crm.example.com:8443/x' }] });
    await syncContentScripts(w.deps);
    const again = await syncContentScripts(w.deps);
    expect(again.injectedTabIds).toEqual([]);
    expect(w.scripting.registerContentScripts).toHaveBeenCalledTimes(1);
    expect(w.scripting.updateContentScripts).not.toHaveBeenCalled();
    expect(w.scripting.unregisterContentScripts).not.toHaveBeenCalled();
    expect(w.scripting.executeScript).toHaveBeenCalledTimes(1);
  });

  it('injects into open tabs on the exact newly covered origins (not other ports), skipping other sites and failing tabs', async () => {
    const tabs = [
      { id: 1, url: 'https://crm.example.com:8443/contacts/7' },
      { id: 2, url: 'https://crm.example.com/' }, // same host, other port: not the CRM
      { id: 3, url: 'https://evil.example.net/?https://crm.example.com/' },
      { id: 4, url: 'http://crm.example.com/' }, // other scheme
      { id: 5 }, // no URL visible: not ours
      { id: 666, url: 'https://crm.example.com:8443/error' },
    ];
    const w = fakeWorld({ templates: CRM, granted: ['https://crm.example.com/*'], tabs });
    const { injectedTabIds } = await syncContentScripts(w.deps);
    expect(injectedTabIds).toEqual([1]);
    expect(w.scripting.executeScript).toHaveBeenCalledWith({ target: { tabId: 1 }, files: [CRM_SCRIPT_FILE] });
    expect(w.scripting.executeScript).toHaveBeenCalledTimes(2);
  });

  it('after an install or update injects into every open CRM tab (injectAll)', async () => {
    const tabs = [{ id: 1, url: 'https://crm.example.com:8443/a' }];
    const w = fakeWorld({ templates: CRM, granted: ['https://crm.example.com/*'], tabs });
    await syncContentScripts(w.deps);
    expect((await syncContentScripts(w.deps, { injectAll: true })).injectedTabIds).toEqual([1]);
  });

  it('re-registers after the templates move to another CRM', async () => {
    const w = fakeWorld({ templates: CRM, granted: ['https://crm.example.com/*', 'https://new.example.com/*'] });
    await syncContentScripts(w.deps);
    w.setTemplates({ recordUrlTemplate: 'https://new.example.com/c/{contact_ref}', searchUrlTemplate: '' });
    await syncContentScripts(w.deps);
    expect(w.registry.get(CRM_SCRIPT_ID)?.matches).toEqual(['https://new.example.com/*']);
  });
});

describe('serialised', () => {
  it('runs one at a time and folds requests made meanwhile into one more run', async () => {
    const calls: { injectAll?: boolean }[] = [];
    let release!: () => void;
    const run = vi.fn(async (options: { injectAll?: boolean }) => {
      calls.push(options);
      if (calls.length === 1) await new Promise<void>((r) => (release = r));
      return calls.length;
    });
    const sync = serialised(run);
    const first = sync();
    const second = sync();
    const third = sync({ injectAll: true });
    expect(second).toBe(third);
    expect(run).toHaveBeenCalledTimes(1);
    release();
    expect(await first).toBe(1);
    expect(await third).toBe(2);
    expect(calls).toEqual([{}, { injectAll: true }]);
  });

  it('keeps going after a failed run', async () => {
    let n = 0;
    const sync = serialised(async () => {
      n += 1;
      if (n === 1) throw new Error('boom');
      return n;
    });
    const first = sync();
    const second = sync();
    await expect(first).rejects.toThrow('boom');
    expect(await second).toBe(2);
  });
});

describe('startContentScriptSync', () => {
  it('syncs on start, on settings change and on permission changes; stop() removes every listener', async () => {
    const w = fakeWorld({ templates: CRM });
    const sync = startContentScriptSync(w.deps);
    await sync.started;
    expect(w.registry.size).toBe(0);

    w.grant('https://crm.example.com/*');
    w.permissionEvents.onAdded.fire();
    await settled();
    expect(w.registry.get(CRM_SCRIPT_ID)?.matches).toEqual(['https://crm.example.com/*']);

    w.grant('https://other.example.com/*');
    w.setTemplates({ searchUrlTemplate: 'https://other.example.com/s?q={number}' });
    await settled();
    expect(w.registry.get(CRM_SCRIPT_ID)?.matches).toEqual(['https://crm.example.com/*', 'https://other.example.com/*']);

    w.revoke('https://crm.example.com/*');
    w.revoke('https://other.example.com/*');
    w.permissionEvents.onRemoved.fire();
    await settled();
    expect(w.registry.size).toBe(0);

    sync.stop();
    expect(w.permissionEvents.onAdded.size() + w.permissionEvents.onRemoved.size() + w.onInstalled.size()).toBe(0);
    expect(w.settingsListenerCount()).toBe(0);
  });

  it('re-injects into every open CRM tab after an update, not on a browser update', async () => {
    const w = fakeWorld({ templates: CRM, granted: ['https://crm.example.com/*'], tabs: [{ id: 9, url: 'https://crm.example.com:8443/' }] });
    const sync = startContentScriptSync(w.deps);
    await sync.started;
    expect(w.scripting.executeScript).toHaveBeenCalledTimes(1);
    w.onInstalled.fire({ reason: 'chrome_update' });
    await settled();
    expect(w.scripting.executeScript).toHaveBeenCalledTimes(1);
    w.onInstalled.fire({ reason: 'update' });
    await settled();
    expect(w.scripting.executeScript).toHaveBeenCalledTimes(2);
    sync.stop();
  });

  it('logs a failing sync instead of throwing, and recovers on the next event', async () => {
    const w = fakeWorld({ templates: CRM, granted: ['https://crm.example.com/*'] });
    const logger = { ...silentLogger, error: vi.fn() };
    w.scripting.registerContentScripts.mockRejectedValueOnce(new Error('registry busy'));
    const sync = startContentScriptSync({ ...w.deps, logger });
    await sync.started;
    expect(logger.error).toHaveBeenCalledWith('could not register the CRM content script', expect.any(Error));
    w.permissionEvents.onAdded.fire();
    await settled();
    expect(w.registry.has(CRM_SCRIPT_ID)).toBe(true);
    sync.stop();
  });
});

describe('click-to-dial script registration', () => {
  it('registers its own script for the same granted CRM origins, beside the caller panel, and injects its own file', async () => {
    const world = fakeWorld({
      granted: ['https://crm.example.com/*'],
      templates: { recordUrlTemplate: 'https://crm.example.com/c/{contact_ref}' },
      tabs: [{ id: 5, url: 'https://crm.example.com/c/1' }, { id: 6, url: 'https://other.example/' }],
    });
    await syncContentScripts(world.deps);
    const dial = await syncContentScripts({ ...world.deps, script: CLICK_TO_DIAL_SCRIPT });
    expect(dial).toEqual({ matches: ['https://crm.example.com/*'], injectedTabIds: [5] });
    expect([...world.registry.values()].map((s) => [s.id, s.js, s.matches])).toEqual([
      [CRM_SCRIPT_ID, [CRM_SCRIPT_FILE], ['https://crm.example.com/*']],
      ['click-to-dial', ['click-to-dial.js'], ['https://crm.example.com/*']],
    ]);
    expect(world.scripting.executeScript).toHaveBeenLastCalledWith({ target: { tabId: 5 }, files: ['click-to-dial.js'] });
    // Access revoked: each goes, neither touches the other's registration.
    world.revoke('https://crm.example.com/*');
    await syncContentScripts({ ...world.deps, script: CLICK_TO_DIAL_SCRIPT });
    expect([...world.registry.keys()]).toEqual([CRM_SCRIPT_ID]);
  });
});
