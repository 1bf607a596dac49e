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
    expect(stored['settings$']).toEqual({ v: 2 });
    expect(stored['settings']).not.toHaveProperty('server');
  });

  it('reports v1 values that are not valid v2 values, per field', async () => {
    await fakeBrowser.storage.local.set({ settings: { ...v1, ext: 'ext 1001', crmUrl: 'https://crm/{account}' }, 'settings$': { v: 1 } });
    const { loadSettings } = await freshSettingsModule();
    const { settings, errors } = await loadSettings();
    expect(settings.pbxUrl).toBe('wss://pbx.example.com:8089/ws');
    expect(errors.map((e) => e.field).sort()).toEqual(['extension', 'recordUrlTemplate']);
  });

  it('leaves v2 data alone', async () => {
    const v2 = { pbxUrl: 'wss://a.example.com/ws', extension: '7', password: 'p' };
    await fakeBrowser.storage.local.set({ settings: v2, 'settings$': { v: 2 } });
    const { loadSettings } = await freshSettingsModule();
    expect((await loadSettings()).settings).toMatchObject(v2);
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
