import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, SECRET_FIELDS, hasInlineSecrets, joinSecrets, splitSecrets, type Settings } from '../../lib/settings';

const settings: Settings = {
  ...DEFAULT_SETTINGS,
  pbxUrl: 'wss://pbx.example.com/ws',
  extension: '1001',
  password: 'pw-1001',
  bridgeUrl: 'wss://bridge.example.com/agent',
  bridgeToken: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMDAxIn0.c2ln',
  wrapUpWebhookToken: 'hook-secret-7',
  iceServers: [
    { urls: 'stun:s.example.com' },
    { urls: ['turn:t1.example.com', 'turns:t1.example.com:443'], username: 'u1', credential: 'cred-1' },
    { urls: 'turn:t2.example.com', username: 'u2', credential: 'cred-2' },
  ],
};

describe('SECRET_FIELDS', () => {
  it('are the password, the TURN credentials, the bridge token and the webhook token', () => {
    expect(SECRET_FIELDS.map((f) => f.key)).toEqual(['password', 'iceServers.credential', 'bridgeToken', 'wrapUpWebhookToken']);
  });

  it('split off every secret and join back to the same settings', () => {
    const { open, secrets } = splitSecrets(settings);
    const text = JSON.stringify(open);
    for (const secret of ['pw-1001', 'cred-1', 'cred-2', 'c2ln', 'hook-secret-7']) expect(text).not.toContain(secret);
    expect(hasInlineSecrets(open)).toBe(false);
    expect(secrets).toEqual({
      password: 'pw-1001',
      'iceServers.credential': [undefined, 'cred-1', 'cred-2'],
      bridgeToken: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMDAxIn0.c2ln',
      wrapUpWebhookToken: 'hook-secret-7',
    });
    expect(joinSecrets(open, secrets)).toEqual(settings);
    // The input is not changed.
    expect(settings.iceServers[1]?.credential).toBe('cred-1');
  });

  it('let a secret still in the stored item win over the secret store (it is the newer write)', () => {
    const { secrets } = splitSecrets(settings);
    expect(hasInlineSecrets(settings)).toBe(true);
    expect(joinSecrets({ ...settings, password: 'newer' }, secrets)).toMatchObject({ password: 'newer' });
  });

  it('leave what is not a settings object alone', () => {
    expect(splitSecrets('junk')).toEqual({ open: 'junk', secrets: {} });
    expect(joinSecrets(null, { password: 'x' })).toBeNull();
    expect(joinSecrets({ iceServers: 'not a list' }, { 'iceServers.credential': ['x'] })).toEqual({ iceServers: 'not a list' });
  });
});
