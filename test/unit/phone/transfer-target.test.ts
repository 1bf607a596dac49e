import { describe, expect, it } from 'vitest';
import { parseSipfrag, statusText } from '../../../lib/phone/sipfrag';
import { MAX_TARGET_LENGTH, parseTransferTarget } from '../../../lib/phone/transfer-target';

describe('transfer target', () => {
  it.each([
    ['1002', '1002', 'sip:1002@pbx.test'],
    ['  1002 ', '1002', 'sip:1002@pbx.test'],
    ['0770 090-0123', '07700900123', 'sip:07700900123@pbx.test'],
    ['+44 (20) 7946 0000', '+442079460000', 'sip:+442079460000@pbx.test'],
    ['*72', '*72', 'sip:*72@pbx.test'],
    ['sip:bob@example.com', 'sip:bob@example.com', 'sip:bob@example.com'],
    ['sip:bob@example.com:5060;transport=ws', 'sip:bob@example.com:5060;transport=ws', 'sip:bob@example.com:5060;transport=ws'],
  ])('%j -> %s', (raw, label, uri) => {
    const parsed = parseTransferTarget(raw, 'pbx.test');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.target.label).toBe(label);
    expect(parsed.target.uri.toString()).toBe(uri);
  });

  it.each([
    '', '   ', 'bob', '10 02; drop', '1002>', '<sip:1002@pbx.test>', 'sip:1002@pbx.test?Replaces=abc%3Bto-tag%3D1',
    'sip:1002@pbx.test\r\nContact: x', '"Bob" <sip:bob@example.com>', 'tel:+441234', 'http://example.com',
    'sip:bob@exa mple.com', 'sip:@example.com', `sip:${'a'.repeat(300)}@example.com`, '1'.repeat(40), 'sip:bob@example.com;x="y"',
    '1002\u202e', 'sip:bob@example.com\u0000',
  ])('refuses %j', (raw) => {
    expect(parseTransferTarget(raw, 'pbx.test').ok).toBe(false);
  });

  it('says why, and caps the length', () => {
    expect(parseTransferTarget('', 'pbx.test')).toEqual({ ok: false, error: 'enter an extension number or a sip: address' });
    expect(parseTransferTarget('x'.repeat(MAX_TARGET_LENGTH + 1), 'pbx.test')).toMatchObject({ ok: false, error: expect.stringContaining('at most') });
  });
});

describe('NOTIFY sipfrag', () => {
  it.each([
    ['SIP/2.0 100 Trying', { code: 100, reason: 'Trying' }],
    ['SIP/2.0 180 Ringing\r\n', { code: 180, reason: 'Ringing' }],
    ['SIP/2.0 200 OK', { code: 200, reason: 'OK' }],
    ['SIP/2.0 486 Busy Here\r\nContent-Length: 0\r\n', { code: 486, reason: 'Busy Here' }],
    ['\r\nSIP/2.0 404', { code: 404, reason: '' }],
    ['SIP/2.0 603 Decline\u202e\u0007 evil', { code: 603, reason: 'Decline evil' }],
  ])('%j', (body, status) => {
    expect(parseSipfrag(body)).toEqual(status);
  });

  it.each([undefined, '', 'SIP/1.0 200 OK', 'HTTP/1.1 200 OK', 'SIP/2.0 99 Low', 'SIP/2.0 700 High', 'hello', 42])('ignores %j', (body) => {
    expect(parseSipfrag(body)).toBeUndefined();
  });

  it('caps a long reason and writes "code reason"', () => {
    const status = parseSipfrag(`SIP/2.0 480 ${'x'.repeat(500)}`);
    expect(status?.reason.length).toBeLessThanOrEqual(65);
    expect(statusText({ code: 486, reason: 'Busy Here' })).toBe('486 Busy Here');
    expect(statusText({ code: 408, reason: '' })).toBe('408');
  });
});
