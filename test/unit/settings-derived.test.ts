import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import {
  DEFAULT_SETTINGS, crmOrigins, effectiveSipDomain, isConfigured, originMatchPattern, phoneConfigFromSettings, type Settings,
} from '../../lib/settings';

const configured: Settings = {
  ...DEFAULT_SETTINGS,
  pbxUrl: 'wss://pbx.example.com:8089/ws',
  extension: '1001',
  password: 'secret1001',
  displayName: 'Alice',
  iceServers: [{ urls: ['turn:t.example.com'], username: 'u', credential: 'c' }],
};

beforeEach(() => fakeBrowser.reset());

describe('isConfigured', () => {
  it('needs the PBX URL, the extension and the password', () => {
    expect(isConfigured(configured)).toBe(true);
    expect(isConfigured(DEFAULT_SETTINGS)).toBe(false);
    for (const field of ['pbxUrl', 'extension', 'password'] as const) {
      expect(isConfigured({ ...configured, [field]: '' }), field).toBe(false);
    }
    expect(isConfigured({ ...configured, displayName: '', sipDomain: '' })).toBe(true);
  });
});

describe('effectiveSipDomain', () => {
  it('is the SIP domain when set, else the PBX URL host', () => {
    expect(effectiveSipDomain(configured)).toBe('pbx.example.com');
    expect(effectiveSipDomain({ ...configured, sipDomain: 'example.com' })).toBe('example.com');
    expect(effectiveSipDomain({ pbxUrl: 'ws://127.0.0.1:5066/ws', sipDomain: '' })).toBe('127.0.0.1');
    expect(effectiveSipDomain({ pbxUrl: 'ws://[::1]:5066/ws', sipDomain: '' })).toBe('[::1]');
    expect(effectiveSipDomain(DEFAULT_SETTINGS)).toBe('');
  });
});

describe('phoneConfigFromSettings', () => {
  it('is null until configured', () => {
    expect(phoneConfigFromSettings(DEFAULT_SETTINGS)).toBeNull();
    expect(phoneConfigFromSettings({ ...configured, password: '' })).toBeNull();
  });

  it('maps the settings onto the phone contract', () => {
    expect(phoneConfigFromSettings(configured)).toEqual({
      wsUrl: 'wss://pbx.example.com:8089/ws',
      domain: 'pbx.example.com',
      ext: '1001',
      password: 'secret1001',
      displayName: 'Alice',
      iceServers: [{ urls: ['turn:t.example.com'], username: 'u', credential: 'c' }],
      connectTimeoutMs: 3_000,
      iceTransportPolicy: 'all',
      callWaiting: 'ring',
      dtmfMode: 'rfc4733',
    });
  });

  it("asks for relay-only ICE when the 'Relay only' setting is on", () => {
    expect(phoneConfigFromSettings({ ...configured, iceRelayOnly: true })?.iceTransportPolicy).toBe('relay');
    expect(phoneConfigFromSettings({ ...configured, iceRelayOnly: false })?.iceTransportPolicy).toBe('all');
  });

  it('does not share the ICE list with the settings object', () => {
    const config = phoneConfigFromSettings(configured);
    (config?.iceServers[0]?.urls as string[]).push('turn:x.example.com');
    expect(configured.iceServers[0]?.urls).toEqual(['turn:t.example.com']);
  });
});

describe('crmOrigins / originMatchPattern', () => {
  it('lists the distinct origins of the set templates', () => {
    expect(crmOrigins(DEFAULT_SETTINGS)).toEqual([]);
    expect(crmOrigins({ recordUrlTemplate: 'https://crm.example.com/c/{contact_ref}', searchUrlTemplate: 'https://CRM.example.com/s?q={number}' }))
      .toEqual(['https://crm.example.com']);
    expect(crmOrigins({ recordUrlTemplate: 'https://crm.example.com/c/{contact_ref}', searchUrlTemplate: 'http://127.0.0.1:8080/?q={number}' }))
      .toEqual(['https://crm.example.com', 'http://127.0.0.1:8080']);
  });

  it('skips an invalid template', () => {
    expect(crmOrigins({ recordUrlTemplate: 'https://{contact_ref}.example.com/', searchUrlTemplate: '' })).toEqual([]);
  });

  it('turns an origin into a host-permission pattern without the port', () => {
    expect(originMatchPattern('https://crm.example.com')).toBe('https://crm.example.com/*');
    expect(originMatchPattern('http://search.example.com:8080')).toBe('http://search.example.com/*');
    expect(originMatchPattern('http://127.0.0.1:5173')).toBe('http://127.0.0.1/*');
  });
});
