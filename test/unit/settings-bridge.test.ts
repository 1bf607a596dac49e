import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, missingCredentials, phoneHostConfigFromSettings, validateSettings, type Settings } from '../../lib/settings';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMDAxIn0.c2lnbmF0dXJl';
const phone: Partial<Settings> = { pbxUrl: 'wss://pbx.example.com/ws', extension: '1001', password: 'pw' };
const settings = (over: Partial<Settings>): Settings => ({ ...structuredClone(DEFAULT_SETTINGS), ...over });

describe('bridge settings', () => {
  it.each([
    ['wss://bridge.example.com/agent', true],
    ['ws://127.0.0.1:8787/agent', true],
    ['ws://localhost:8787/agent', true],
    ['ws://bridge.example.com/agent', false],
    ['https://bridge.example.com/agent', false],
    ['wss://bridge.example.com/agent?token=x', false],
    ['wss://user:pw@bridge.example.com/agent', false],
    ['not a url', false],
  ])('Bridge URL %s is accepted: %s', (bridgeUrl, ok) => {
    const { errors } = validateSettings({ bridgeUrl });
    expect(errors.some((e) => e.field === 'bridgeUrl')).toBe(!ok);
  });

  it('takes a JWT as the token and refuses anything else without quoting it', () => {
    expect(validateSettings({ bridgeToken: ` ${TOKEN} ` }).settings.bridgeToken).toBe(TOKEN);
    const bad = 'not-a-token-secret-value';
    const { errors } = validateSettings({ bridgeToken: bad });
    expect(errors).toHaveLength(1);
    expect(errors[0]?.field).toBe('bridgeToken');
    expect(errors[0]?.message).not.toContain(bad);
  });

  it('wants the Bridge URL and the token together', () => {
    expect(missingCredentials(settings({ bridgeUrl: 'wss://b.example.com/agent' }))).toEqual([{ field: 'bridgeToken', message: expect.any(String) }]);
    expect(missingCredentials(settings({ bridgeToken: TOKEN }))).toEqual([{ field: 'bridgeUrl', message: expect.any(String) }]);
    expect(missingCredentials(settings({ bridgeUrl: 'wss://b.example.com/agent', bridgeToken: TOKEN }))).toEqual([]);
  });

  it('Answer calls in the browser off gives no SIP phone at all; the bridge runs either way', () => {
    const both = settings({ ...phone, bridgeUrl: 'wss://b.example.com/agent', bridgeToken: TOKEN });
    expect(phoneHostConfigFromSettings(both)).toMatchObject({ phone: { ext: '1001' }, bridge: { url: 'wss://b.example.com/agent', token: TOKEN }, answerInBrowser: true });
    expect(phoneHostConfigFromSettings({ ...both, answerInBrowser: false })).toEqual({
      phone: null,
      bridge: { url: 'wss://b.example.com/agent', token: TOKEN },
      answerInBrowser: false,
      dndMode: 'reject',
      audioDevices: { microphoneId: '', speakerId: '', ringtoneId: '' },
    });
    expect(phoneHostConfigFromSettings(settings(phone)).bridge).toBeNull();
  });
});
