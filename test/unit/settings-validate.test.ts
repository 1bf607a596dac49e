import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { DEFAULT_SETTINGS, validateSettings, type Settings } from '../../lib/settings';

const valid: Settings = {
  pbxUrl: 'wss://pbx.example.com:8089/ws',
  sipDomain: 'example.com',
  extension: '1001',
  password: 'secret1001',
  bridgeToken: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMDAxIn0.sig',
  bridgeUrl: 'wss://bridge.example.com/agent',
  answerInBrowser: false,
  displayName: 'Agent Alice',
  iceServers: [{ urls: 'stun:stun.example.com:3478' }, { urls: ['turn:turn.example.com:3478'], username: 'u', credential: 'c' }],
  recordUrlTemplate: 'https://crm.example.com/contacts/{contact_ref}',
  searchUrlTemplate: 'https://crm.example.com/search?q={number}&line={dial_number}',
  lookupSelector: 'input[name="q"]',
  lookupSubmit: true,
  popOn: 'answer',
  popTarget: 'new-tab',
  connectTimeoutSec: 5,
  iceRelayOnly: true,
  clickToDial: false,
  dialCountry: 'DE',
  clickToDialOffOrigins: 'https://crm.example.com',
  callWaiting: 'busy',
  dtmfMode: 'info',
  dndMode: 'unregister',
  microphoneId: 'mic-1',
  speakerId: '',
  ringtoneDeviceId: 'speaker-2',
  historyDays: 30,
  historyMaxCalls: 500,
  dispositions: ['Resolved', 'Callback'],
  wrapUpWebhookUrl: 'https://crm.example.com/hooks/wrap-up?call={call_ref}',
  wrapUpWebhookToken: 'hook-token-1',
  wrapUpTimerSec: 30,
};

/** Validate `valid` with one field replaced; returns that field's value and error (if any). */
function field<K extends keyof Settings>(name: K, value: unknown) {
  const { settings, errors } = validateSettings({ ...valid, [name]: value });
  expect(errors.filter((e) => e.field !== name)).toEqual([]);
  return { value: settings[name], error: errors.find((e) => e.field === name)?.message };
}

function accepts<K extends keyof Settings>(name: K, value: unknown) {
  const r = field(name, value);
  expect(r.error, `${name} = ${JSON.stringify(value)}`).toBeUndefined();
  return r.value;
}

function rejects<K extends keyof Settings>(name: K, value: unknown, message?: RegExp) {
  const r = field(name, value);
  expect(r.error, `${name} = ${JSON.stringify(value)} should be rejected`).toBeDefined();
  if (message) expect(r.error).toMatch(message);
  expect(r.value).toEqual(DEFAULT_SETTINGS[name]); // falls back to the default
  return r.error;
}

beforeEach(() => fakeBrowser.reset());

describe('defaults', () => {
  it('are the documented ones', () => {
    expect(DEFAULT_SETTINGS).toEqual({
      pbxUrl: '', sipDomain: '', extension: '', password: '', displayName: '', iceServers: [], iceRelayOnly: false,
      recordUrlTemplate: '', searchUrlTemplate: '', lookupSelector: '', lookupSubmit: false,
      popOn: 'ring', popTarget: 'reuse-tab', connectTimeoutSec: 3, bridgeUrl: '', bridgeToken: '', answerInBrowser: true,
      clickToDial: true, dialCountry: '', clickToDialOffOrigins: '', callWaiting: 'ring', dtmfMode: 'rfc4733',
      dndMode: 'reject', microphoneId: '', speakerId: '', ringtoneDeviceId: '',
      historyDays: 7, historyMaxCalls: 200, dispositions: ['Resolved', 'Callback', 'Wrong number'],
      wrapUpWebhookUrl: '', wrapUpWebhookToken: '', wrapUpTimerSec: 0,
    });
  });

  it('check the click-to-dial fields: two-letter country (upper-cased), a list of origins', () => {
    expect(field('dialCountry', 'de')).toEqual({ value: 'DE', error: undefined });
    expect(field('dialCountry', 'Germany').error).toMatch(/two letters/);
    expect(field('clickToDialOffOrigins', 'https://a.example\nhttp://127.0.0.1:8080').error).toBeUndefined();
    expect(field('clickToDialOffOrigins', 'https://a.example/contacts').error).toMatch(/Not an http\(s\) origin/);
  });

  it('fill every missing field without errors', () => {
    expect(validateSettings({})).toEqual({ settings: DEFAULT_SETTINGS, errors: [] });
  });

  it('cannot be changed through a returned value', () => {
    const { settings } = validateSettings(null);
    settings.iceServers.push({ urls: 'stun:x' });
    expect(DEFAULT_SETTINGS.iceServers).toEqual([]);
    expect(() => (DEFAULT_SETTINGS as { popOn: string }).popOn = 'off').toThrow();
  });
});

describe('validateSettings', () => {
  it('keeps a fully valid object as is', () => {
    expect(validateSettings(valid)).toEqual({ settings: valid, errors: [] });
  });

  it.each([null, undefined, 42, 'text', [valid]])('returns defaults and a _root error for %j', (input) => {
    const { settings, errors } = validateSettings(input);
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(errors).toEqual([{ field: '_root', message: expect.stringMatching(/must be an object/) }]);
  });

  it('drops unknown fields silently', () => {
    const { settings, errors } = validateSettings({ ...valid, server: 'old', __proto__x: 1 });
    expect(errors).toEqual([]);
    expect(Object.keys(settings).sort()).toEqual(Object.keys(valid).sort());
  });

  it('reports every bad field and keeps every good one', () => {
    const { settings, errors } = validateSettings({ ...valid, extension: 'a b', popOn: 'never', lookupSubmit: 'yes' });
    expect(errors.map((e) => e.field).sort()).toEqual(['extension', 'lookupSubmit', 'popOn']);
    expect(settings).toEqual({ ...valid, extension: '', popOn: 'ring', lookupSubmit: false });
  });

  it('never throws, even on a throwing getter', () => {
    const hostile = { ...valid, get password(): string { throw new Error('boom'); } };
    const { settings, errors } = validateSettings(hostile);
    expect(settings.password).toBe('');
    expect(errors.map((e) => e.field)).toEqual(['password']);
  });
});

describe('pbxUrl', () => {
  it.each(['', 'wss://pbx.example.com:8089/ws', 'wss://10.0.0.5/ws', 'ws://127.0.0.1:5066/ws', 'ws://127.8.9.10/ws',
    'ws://localhost:8080/ws', 'ws://[::1]:5066/ws'])('accepts %s', (url) => {
    expect(accepts('pbxUrl', url)).toBe(url);
  });

  it('trims surrounding whitespace', () => {
    expect(accepts('pbxUrl', '  wss://pbx.example.com/ws \n')).toBe('wss://pbx.example.com/ws');
  });

  it.each(['ws://pbx.example.com:8088/ws', 'ws://10.0.0.5/ws', 'ws://128.0.0.1/ws', 'ws://localhost.evil.com/ws'])(
    'refuses plain ws:// to a non-loopback host: %s', (url) => {
      rejects('pbxUrl', url, /^Use wss:\/\/ — ws:\/\/ is only allowed for localhost$/);
    });

  it.each([
    ['https://pbx.example.com/ws', /must start with wss:\/\//],
    ['pbx.example.com', /Not a valid URL/],
    ['wss://user:pw@pbx.example.com/ws', /credentials/],
    ['wss://pbx.example.com/ws#x', /#/],
    [42, /must be text/],
  ])('refuses %j', (url, message) => {
    rejects('pbxUrl', url, message);
  });
});

describe('sipDomain', () => {
  it.each(['', 'example.com', 'pbx-1.example.co.uk', '10.1.2.3', '[2001:db8::1]', 'localhost'])('accepts %s', (d) => {
    expect(accepts('sipDomain', d)).toBe(d);
  });

  it.each([
    ['exa mple.com', /not a valid host name/],
    ['-bad.example.com', /not a valid host name/],
    ['999.1.1.1', /not a valid IPv4/],
    ['2001:db8::1', /brackets/],
    ['example.com:5060', /brackets|port/],
    ['sip:example.com', /brackets|port/],
    ['[zz::1]', /IPv6/],
  ])('refuses %s', (d, message) => {
    rejects('sipDomain', d, message);
  });
});

describe('extension, password, displayName', () => {
  it.each(['', '1001', 'agent.alice', 'a_b+c-1', 'x'.repeat(32)])('extension accepts %s', (ext) => {
    expect(accepts('extension', ext)).toBe(ext);
  });

  it.each(['10 01', '1001@pbx', 'x'.repeat(33), 'é1', '1001;tag', 1001])('extension refuses %j', (ext) => {
    rejects('extension', ext);
  });

  it('password: any text up to 256 characters, kept exactly (not trimmed)', () => {
    expect(accepts('password', ' p@ss "w0rd" ')).toBe(' p@ss "w0rd" ');
    expect(accepts('password', 'p'.repeat(256))).toHaveLength(256);
    rejects('password', 'p'.repeat(257), /too long/);
    rejects('password', null);
  });

  it('displayName: up to 64 characters without control characters', () => {
    expect(accepts('displayName', 'Zoë O’Brien (Sales)')).toBe('Zoë O’Brien (Sales)');
    expect(accepts('displayName', 'n'.repeat(64))).toHaveLength(64);
    rejects('displayName', 'n'.repeat(65), /too long/);
    rejects('displayName', 'Alice\nBob', /control characters/);
    rejects('displayName', 'Alice\u0007', /control characters/);
    // SIP.js puts the name between quotes unescaped: a quote would break the From header.
    rejects('displayName', 'Alice "the boss"', /quotes/);
  });
});

describe('enums and booleans', () => {
  it('popOn, popTarget and lookupSubmit take only their values', () => {
    for (const v of ['ring', 'answer', 'off']) expect(accepts('popOn', v)).toBe(v);
    for (const v of ['reuse-tab', 'new-tab']) expect(accepts('popTarget', v)).toBe(v);
    expect(accepts('lookupSubmit', false)).toBe(false);
    rejects('popOn', 'RING', /"ring", "answer" or "off"/);
    rejects('popTarget', 'window', /"reuse-tab" or "new-tab"/);
    rejects('lookupSubmit', 'true', /true or false/);
  });
});

describe('iceServers field', () => {
  it('accepts the documented shapes and defaults to []', () => {
    expect(accepts('iceServers', [])).toEqual([]);
    expect(validateSettings({}).settings.iceServers).toEqual([]);
    const list = [{ urls: ['stun:a.example.com', 'stuns:b.example.com:5349'] }, { urls: 'turns:t.example.com:443?transport=tcp', username: 'u', credential: 'c' }];
    expect(accepts('iceServers', list)).toEqual(list);
  });

  it.each([
    [[{ urls: 'http://stun.example.com' }], /not a STUN\/TURN URL/],
    [[{ urls: 'turn:t.example.com' }], /TURN server needs a username and a credential/],
    [[{ urls: 'stun:s.example.com', username: 'u' }], /both a username and a credential/],
    [[{ urls: [] }], /At least one URL/],
    ['stun:s.example.com', undefined],
  ])('refuses %j', (list, message) => {
    rejects('iceServers', list, message);
  });
});

describe('connectTimeoutSec field', () => {
  it('takes whole seconds from 1 to 30, default 3', () => {
    expect(validateSettings({}).settings.connectTimeoutSec).toBe(3);
    expect(accepts('connectTimeoutSec', 1)).toBe(1);
    expect(accepts('connectTimeoutSec', 30)).toBe(30);
  });

  it.each([
    [0, /at least 1 s/],
    [31, /at most 30 s/],
    [2.5, /whole seconds/],
    ['5', /number of seconds/],
  ])('refuses %j', (value, message) => {
    rejects('connectTimeoutSec', value, message);
  });
});

describe('history and wrap-up settings', () => {
  it('defaults to 7 days / 200 calls, three dispositions, no webhook, no timer', () => {
    expect(DEFAULT_SETTINGS).toMatchObject({
      historyDays: 7,
      historyMaxCalls: 200,
      dispositions: ['Resolved', 'Callback', 'Wrong number'],
      wrapUpWebhookUrl: '',
      wrapUpWebhookToken: '',
      wrapUpTimerSec: 0,
    });
  });

  it('bounds the retention and the timer', () => {
    expect(field('historyDays', 0).error).toMatch(/at least 1/);
    expect(field('historyDays', 91).error).toMatch(/at most 90/);
    expect(field('historyMaxCalls', 5).error).toMatch(/at least 10/);
    expect(field('wrapUpTimerSec', 1.5).error).toMatch(/whole/);
    expect(field('wrapUpTimerSec', 0).error).toBeUndefined();
  });

  it('drops empty and repeated dispositions, refuses control characters and long lists', () => {
    expect(field('dispositions', [' Resolved ', '', 'Resolved', 'Callback']).value).toEqual(['Resolved', 'Callback']);
    expect(field('dispositions', ['Bad\u0007']).error).toMatch(/control/);
    expect(field('dispositions', Array.from({ length: 21 }, (_, i) => `d${i}`)).error).toMatch(/At most 20/);
  });

  it('checks the webhook URL with the record template rules', () => {
    expect(field('wrapUpWebhookUrl', 'http://hooks.example.com/x').error).toMatch(/https/);
    expect(field('wrapUpWebhookUrl', 'https://{ext}.example.com/x').error).toMatch(/fixed/);
    expect(field('wrapUpWebhookUrl', 'http://127.0.0.1:8080/hooks?ref={call_ref}').error).toBeUndefined();
    expect(field('wrapUpWebhookToken', 'has space').error).toMatch(/no spaces/);
  });
});
