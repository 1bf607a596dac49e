/**
 * Settings pushed by browser policy (storage.managed): parsing, the merge order, locked fields on
 * save, live policy changes, and the manifest's schema file (the fake browser's managed area stands
 * in for Chrome's / Firefox's policy).
 */
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import {
  DEFAULT_SETTINGS,
  LOCKED_KEY,
  loadManagedSettings,
  loadSettings,
  mergeSettings,
  migrateV3ToV4,
  parsePolicy,
  POLICY_FIELDS,
  saveSettings,
  watchSettings,
  type Settings,
} from '../../lib/settings';
import { indexedDbSecretStore } from '../../lib/settings/secret-store';

const PBX = 'wss://pbx.example.com:8089/ws';
const CRM = 'https://crm.example.com/contacts/{contact_ref}';

beforeEach(() => {
  vi.restoreAllMocks();
  fakeBrowser.reset();
});

const setPolicy = (policy: Record<string, unknown>) => fakeBrowser.storage.managed.set(policy);
const storedItem = async () => (await fakeBrowser.storage.local.get('settings'))['settings'] as Record<string, unknown> | undefined;

describe('parsePolicy', () => {
  it('takes every valid setting and the locked list', () => {
    const policy = parsePolicy({ pbxUrl: PBX, popOn: 'answer', connectTimeoutSec: 5, [LOCKED_KEY]: ['pbxUrl'] });
    expect(policy).toEqual({ values: { pbxUrl: PBX, popOn: 'answer', connectTimeoutSec: 5 }, locked: ['pbxUrl'], errors: [] });
  });

  it('reports each invalid value and leaves that field out; the rest applies', () => {
    const policy = parsePolicy({ pbxUrl: 'ftp://pbx.example.com', popOn: 'sometimes', connectTimeoutSec: 99, extension: '1001' });
    expect(policy.values).toEqual({ extension: '1001' });
    expect(policy.errors.map((e) => e.key)).toEqual(['pbxUrl', 'popOn', 'connectTimeoutSec']);
    for (const e of policy.errors) expect(e.message).toMatch(/not applied$/);
  });

  it('never takes the password, and says why', () => {
    const policy = parsePolicy({ password: 'fleet-secret', [LOCKED_KEY]: ['password'] });
    expect(policy.values).toEqual({});
    expect(policy.locked).toEqual([]);
    expect(policy.errors).toEqual([
      { key: 'password', message: expect.stringContaining('Cannot be set by policy') },
      { key: LOCKED_KEY, message: expect.stringContaining('"password" cannot be locked') },
    ]);
    expect(JSON.stringify(policy.errors)).not.toContain('fleet-secret');
  });

  it('reports unknown keys and a malformed locked list; nothing crashes', () => {
    expect(parsePolicy({ pbxURL: PBX, [LOCKED_KEY]: 'pbxUrl' }).errors.map((e) => e.key)).toEqual(['pbxURL', LOCKED_KEY]);
    expect(parsePolicy('garbage').errors).toEqual([{ key: '_root', message: expect.any(String) }]);
    expect(parsePolicy(undefined)).toEqual({ values: {}, locked: [], errors: [] });
    expect(parsePolicy({ [LOCKED_KEY]: [1, 'popOn'] }).locked).toEqual([]);
  });

  it('does not lock a field whose policy value is invalid (it falls back and stays the agent\'s)', () => {
    const policy = parsePolicy({ popOn: 'never', popTarget: 'new-tab', [LOCKED_KEY]: ['popOn', 'popTarget', 'lookupSubmit'] });
    expect(policy.locked).toEqual(['popTarget', 'lookupSubmit']);
  });
});

describe('merge order: default < unlocked policy < agent < locked policy', () => {
  const policy = parsePolicy({ popOn: 'answer', popTarget: 'new-tab', lookupSelector: '#q', [LOCKED_KEY]: ['popTarget', 'connectTimeoutSec'] });
  const agent: Partial<Settings> = { popOn: 'off', popTarget: 'reuse-tab', connectTimeoutSec: 20 };

  it('orders the layers', () => {
    const merged = mergeSettings(agent, policy);
    expect(merged.popOn).toBe('off'); // agent over unlocked policy
    expect(merged.lookupSelector).toBe('#q'); // unlocked policy over default
    expect(merged.popTarget).toBe('new-tab'); // locked policy over agent
    expect(merged.connectTimeoutSec).toBe(DEFAULT_SETTINGS.connectTimeoutSec); // locked with no value: the default
    expect(merged.extension).toBe(''); // default
  });
});

describe('loadSettings with a policy', () => {
  it('configures a fresh install from policy alone', async () => {
    await setPolicy({ pbxUrl: PBX, extension: '1001', recordUrlTemplate: CRM });
    expect(await loadSettings()).toEqual({ settings: { ...DEFAULT_SETTINGS, pbxUrl: PBX, extension: '1001', recordUrlTemplate: CRM }, errors: [] });
  });

  it('an invalid policy value falls back to the agent\'s value and is reported', async () => {
    expect(await saveSettings({ recordUrlTemplate: CRM })).toMatchObject({ ok: true });
    await setPolicy({ recordUrlTemplate: 'javascript:alert(1)', [LOCKED_KEY]: ['recordUrlTemplate'] });
    const { settings, policy } = await loadManagedSettings();
    expect(settings.recordUrlTemplate).toBe(CRM);
    expect(policy.locked).toEqual([]);
    expect(policy.errors).toEqual([{ key: 'recordUrlTemplate', message: expect.stringMatching(/not applied$/) }]);
  });

  it('a policy that cannot be read is reported; the agent\'s settings apply', async () => {
    expect(await saveSettings({ recordUrlTemplate: CRM })).toMatchObject({ ok: true });
    vi.spyOn(fakeBrowser.storage.managed, 'get').mockRejectedValue(new TypeError('boom'));
    const { settings, policy } = await loadManagedSettings();
    expect(settings.recordUrlTemplate).toBe(CRM);
    expect(policy.errors).toEqual([{ key: '_root', message: 'Could not read the policy: TypeError' }]);
  });

  it('Firefox without a policy for the add-on ("Managed storage manifest not found") is no policy, not an error', async () => {
    vi.spyOn(fakeBrowser.storage.managed, 'get').mockRejectedValue(new Error('Managed storage manifest not found'));
    expect(await loadManagedSettings()).toEqual({ settings: DEFAULT_SETTINGS, errors: [], policy: { values: {}, locked: [], errors: [] } });
  });
});

describe('saveSettings with a policy', () => {
  it('never writes a locked field, whatever the input says', async () => {
    await setPolicy({ pbxUrl: PBX, recordUrlTemplate: CRM, [LOCKED_KEY]: ['pbxUrl', 'recordUrlTemplate'] });
    const saved = await saveSettings({ pbxUrl: 'wss://evil.example.com/ws', recordUrlTemplate: 'https://evil.example.com/{number}', extension: '1001', password: 'pw' });
    expect(saved).toMatchObject({ ok: true, settings: { pbxUrl: PBX, recordUrlTemplate: CRM, extension: '1001', password: 'pw' } });
    const item = await storedItem();
    expect(item).not.toHaveProperty('pbxUrl');
    expect(item).not.toHaveProperty('recordUrlTemplate');
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain('evil');
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain('pbx.example.com');
    expect((await loadSettings()).settings.pbxUrl).toBe(PBX);
  });

  it('does not copy a locked or unchanged policy secret (bridge token) into the secret store', async () => {
    const token = 'aaa.bbb.ccc';
    await setPolicy({ bridgeUrl: 'wss://bridge.example.com/agent', bridgeToken: token, answerInBrowser: false, [LOCKED_KEY]: ['bridgeUrl'] });
    expect(await saveSettings({ displayName: 'Alex' })).toMatchObject({ ok: true, settings: { bridgeToken: token, displayName: 'Alex' } });
    expect(await indexedDbSecretStore().get()).not.toHaveProperty('bridgeToken');
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain(token);
  });

  it('an unlocked policy value is a default: the agent may change it, and an unchanged field follows a later policy', async () => {
    await setPolicy({ popOn: 'answer', lookupSelector: '#q' });
    expect(await saveSettings({ popOn: 'off', lookupSelector: '#q' })).toMatchObject({ ok: true });
    expect(await storedItem()).toMatchObject({ popOn: 'off' });
    expect(await storedItem()).not.toHaveProperty('lookupSelector');
    await setPolicy({ popOn: 'answer', lookupSelector: '#search' });
    const { settings } = await loadSettings();
    expect(settings.popOn).toBe('off');
    expect(settings.lookupSelector).toBe('#search');
  });

  it('an agent may go back to the schema default over a different policy default', async () => {
    await setPolicy({ popOn: 'answer' });
    expect(await saveSettings({ popOn: 'ring' })).toMatchObject({ ok: true });
    expect((await loadSettings()).settings.popOn).toBe('ring');
  });

  it('keeps a value the agent stored before the lock, and uses it again once unlocked', async () => {
    expect(await saveSettings({ popTarget: 'new-tab' })).toMatchObject({ ok: true });
    await setPolicy({ popTarget: 'reuse-tab', [LOCKED_KEY]: ['popTarget'] });
    expect(await saveSettings({ displayName: 'Alex', popTarget: 'reuse-tab' })).toMatchObject({ ok: true });
    expect((await loadSettings()).settings.popTarget).toBe('reuse-tab');
    await fakeBrowser.storage.managed.clear();
    expect((await loadSettings()).settings.popTarget).toBe('new-tab');
  });
});

describe('live policy changes', () => {
  it('watchSettings reports a policy change (storage.onChanged, area managed)', async () => {
    const seen: Settings[] = [];
    const stop = watchSettings(({ settings }) => seen.push(settings));
    await setPolicy({ pbxUrl: PBX, extension: '1001' });
    await expect.poll(() => seen.at(-1)?.pbxUrl).toBe(PBX);
    await setPolicy({ pbxUrl: 'wss://pbx2.example.com/ws' });
    await expect.poll(() => seen.at(-1)?.pbxUrl).toBe('wss://pbx2.example.com/ws');
    stop();
    const count = seen.length;
    await setPolicy({ pbxUrl: PBX });
    await new Promise((r) => setTimeout(r, 20));
    expect(seen.length).toBe(count);
  });
});

describe('storage version 4', () => {
  it('drops fields stored at their default, keeps the rest', () => {
    expect(migrateV3ToV4({ ...DEFAULT_SETTINGS, popOn: 'answer', secretsStamp: 'x' })).toEqual({ popOn: 'answer', secretsStamp: 'x' });
  });
});

describe('the manifest\'s managed_schema', () => {
  const schema = JSON.parse(readFileSync(new URL('../../public/managed-schema.json', import.meta.url), 'utf8')) as { properties: Record<string, unknown> };

  it('declares every setting that policy may set, the locked list, and not the password', () => {
    expect(Object.keys(schema.properties).sort()).toEqual([...POLICY_FIELDS, LOCKED_KEY].sort());
    expect(schema.properties).not.toHaveProperty('password');
  });
});
