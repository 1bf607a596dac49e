import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { DEFAULT_SETTINGS, loadSettings, moveInlineSecrets, saveSettings, settingsItem, splitSecrets, watchSettings, type Settings } from '../../lib/settings';
import { indexedDbSecretStore } from '../../lib/settings/secret-store';
import { cachedSettings } from '../../lib/settings/store';

const good: Partial<Settings> = {
  pbxUrl: 'wss://pbx.example.com:8089/ws',
  extension: '1001',
  password: 'secret1001',
  recordUrlTemplate: 'https://crm.example.com/c/{contact_ref}',
  iceServers: [{ urls: 'stun:stun.example.com' }],
};

/** Raw storage as the extension sees it, including WXT's version key (`<key>$` holding {v}). */
async function raw() {
  return fakeBrowser.storage.local.get(['settings', 'settings$']);
}

beforeEach(() => fakeBrowser.reset());

describe('loadSettings', () => {
  it('gives the defaults when nothing is stored', async () => {
    expect(await loadSettings()).toEqual({ settings: DEFAULT_SETTINGS, errors: [] });
  });

  it('validates what is stored field by field', async () => {
    await fakeBrowser.storage.local.set({ settings: { ...good, popOn: 'sometimes', extra: 1 } });
    const { settings, errors } = await loadSettings();
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, ...good });
    expect(errors).toEqual([{ field: 'popOn', message: expect.any(String) }]);
  });

  it('survives a stored value that is not an object', async () => {
    await fakeBrowser.storage.local.set({ settings: 'garbage' });
    expect(await loadSettings()).toEqual({ settings: DEFAULT_SETTINGS, errors: [{ field: '_root', message: expect.any(String) }] });
  });
});

describe('saveSettings', () => {
  it('round-trips through storage with the current version', async () => {
    const saved = await saveSettings(good);
    expect(saved).toEqual({ ok: true, settings: { ...DEFAULT_SETTINGS, ...good } });
    expect(await loadSettings()).toEqual({ settings: { ...DEFAULT_SETTINGS, ...good }, errors: [] });
    expect((await raw())['settings$']).toEqual({ v: 4 });
  });

  it('keeps the password and TURN credentials out of extension storage, in the secret store', async () => {
    const turn = { urls: 'turn:turn.example.com:3478', username: 'agent1', credential: 'turn-s3cret' };
    const input = { ...good, iceServers: [{ urls: 'stun:stun.example.com' }, turn] };
    expect(await saveSettings(input)).toMatchObject({ ok: true });
    const everything = JSON.stringify(await fakeBrowser.storage.local.get(null));
    expect(everything).not.toContain('secret1001');
    expect(everything).not.toContain('turn-s3cret');
    // The rest of the TURN server stays readable for the form: only its credential moved.
    expect((await raw())['settings']).toMatchObject({ iceServers: [{ urls: 'stun:stun.example.com' }, { urls: turn.urls, username: 'agent1' }] });
    // An empty bridge token is the default: not stored (the item and the store keep the agent's choices only).
    expect(await indexedDbSecretStore().get()).toEqual({ password: 'secret1001', 'iceServers.credential': [undefined, 'turn-s3cret'] });
    expect((await loadSettings()).settings).toEqual({ ...DEFAULT_SETTINGS, ...input });
  });

  it('keeps stored fields that the input leaves out', async () => {
    await saveSettings(good);
    const saved = await saveSettings({ popOn: 'answer' });
    expect(saved).toEqual({ ok: true, settings: { ...DEFAULT_SETTINGS, ...good, popOn: 'answer' } });
  });

  it('refuses to save when any field is invalid, and writes nothing', async () => {
    await saveSettings(good);
    const before = await raw();
    const result = await saveSettings({ ...good, pbxUrl: 'ws://pbx.example.com/ws', extension: 'a b', displayName: 'ok' });
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: 'pbxUrl', message: 'Use wss:// — ws:// is only allowed for localhost' },
        { field: 'extension', message: expect.any(String) },
      ],
    });
    expect(await raw()).toEqual(before);
  });

  it('refuses half-filled credentials, naming each missing field', async () => {
    const result = await saveSettings({ pbxUrl: 'wss://pbx.example.com:8089/ws', extension: '1001' });
    expect(result).toEqual({ ok: false, errors: [{ field: 'password', message: expect.stringMatching(/Needed to register/) }] });
    expect(await saveSettings({ password: 'only-this' })).toMatchObject({
      ok: false,
      errors: [{ field: 'pbxUrl' }, { field: 'extension' }],
    });
  });

  it('accepts all three credentials empty (CRM settings first)', async () => {
    expect(await saveSettings({ recordUrlTemplate: 'https://crm.example.com/c/{contact_ref}' })).toMatchObject({ ok: true });
  });

  it('refuses a non-object', async () => {
    expect(await saveSettings(null)).toEqual({ ok: false, errors: [{ field: '_root', message: expect.any(String) }] });
    expect(await saveSettings(['x'])).toMatchObject({ ok: false });
  });

  it('stores only known fields', async () => {
    await saveSettings({ ...good, injected: '<script>' });
    expect(Object.keys((await raw())['settings'] as object)).not.toContain('injected');
  });
});

describe('watchSettings', () => {
  it('reports validated settings after a save', async () => {
    const seen = vi.fn();
    const stop = watchSettings(seen);
    await saveSettings(good);
    await vi.waitFor(() => expect(seen).toHaveBeenCalledWith({ settings: { ...DEFAULT_SETTINGS, ...good }, errors: [] }));
    stop();
  });

  it('reports a change of a secret alone (the stored item changes with it)', async () => {
    await saveSettings(good);
    const seen = vi.fn();
    const stop = watchSettings(seen);
    await saveSettings({ password: 'changed-password' });
    await vi.waitFor(() => expect(seen).toHaveBeenCalledWith({ settings: { ...DEFAULT_SETTINGS, ...good, password: 'changed-password' }, errors: [] }));
    stop();
  });
});

describe('moveInlineSecrets', () => {
  it('moves a secret written into the readable item (an older writer) to the secret store', async () => {
    await saveSettings(good);
    await fakeBrowser.storage.local.set({ settings: { ...(await raw())['settings'] as object, password: 'inline-newer' } });
    // Before the move, the newer inline value is the one in force.
    expect((await loadSettings()).settings.password).toBe('inline-newer');
    expect(await moveInlineSecrets()).toBe(true);
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain('inline-newer');
    expect((await loadSettings()).settings.password).toBe('inline-newer');
    expect(await moveInlineSecrets()).toBe(false);
  });
});

describe('settingsItem', () => {
  it('is the versioned local:settings item', () => {
    expect(settingsItem.key).toBe('local:settings');
    // Nothing chosen yet (version 4 stores the agent's own choices only): every field is the default or the policy's.
    expect(settingsItem.fallback).toEqual({});
  });
});

describe('cachedSettings', () => {
  it('reads storage once, then follows every change of the stored item', async () => {
    await saveSettings(good);
    const get = vi.spyOn(fakeBrowser.storage.local, 'get');
    const cache = cachedSettings();
    expect(await cache.load()).toEqual(await loadSettings());
    const reads = get.mock.calls.length;
    await cache.load();
    await cache.load();
    expect(get.mock.calls.length).toBe(reads);
    await saveSettings({ popOn: 'answer' });
    await vi.waitFor(async () => expect((await cache.load()).settings.popOn).toBe('answer'));
    // Validated like loadSettings: an invalid stored field falls back and is reported.
    await fakeBrowser.storage.local.set({ settings: { ...good, popTarget: 'elsewhere' } });
    await vi.waitFor(async () => expect((await cache.load()).errors).toEqual([{ field: 'popTarget', message: expect.any(String) }]));
    expect((await cache.load()).settings.popTarget).toBe(DEFAULT_SETTINGS.popTarget);
    cache.stop();
  });

  it('does not keep a failed read', async () => {
    const get = vi.spyOn(fakeBrowser.storage.local, 'get').mockRejectedValueOnce(new Error('storage busy'));
    const cache = cachedSettings();
    await expect(cache.load()).rejects.toThrow('storage busy');
    expect(await cache.load()).toEqual({ settings: DEFAULT_SETTINGS, errors: [] });
    expect(get).toHaveBeenCalledTimes(2);
    cache.stop();
  });
});
