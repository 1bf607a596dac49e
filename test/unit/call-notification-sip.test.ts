import { describe, expect, it } from 'vitest';
import { LoggerFactory, Parser } from 'sip.js/lib/core';
import { callNotificationSchema, decodeInviteHeaders } from '../../lib/call-notification';
import { headerGetter, SEED_SIP_CALL } from './fixtures/call-notification';

function decode(getHeader: (name: string) => string | undefined) {
  const result = decodeInviteHeaders(getHeader);
  if (!result.ok) throw new Error(`an INVITE must always decode, got: ${result.error}`);
  expect(callNotificationSchema.safeParse(result.call).success).toBe(true);
  return result;
}

const NO_X_HEADERS = {
  'X-Platforma-Number': undefined, 'X-Platforma-Dial-Number': undefined, 'X-Platforma-Hold-Time': undefined,
  'X-Platforma-Call-Ref': undefined, 'X-Platforma-Contact-Ref': undefined, 'X-Platforma-Campaign-Ref': undefined,
  'X-Platforma-Ref': undefined,
};

describe('decodeInviteHeaders: the seed document headers', () => {
  it('decodes every X-Platforma header', () => {
    expect(decode(headerGetter())).toEqual({ ok: true, call: SEED_SIP_CALL, warnings: [] });
  });

  it('reads headers as SIP.js parses them off the wire, whatever their case', () => {
    const wire = [
      'INVITE sip:1001@127.0.0.1 SIP/2.0',
      'Via: SIP/2.0/WSS abc.invalid;branch=z9hG4bK1',
      'f: "Caller" <sip:2001@127.0.0.1>;tag=abc',
      'To: <sip:1001@127.0.0.1>',
      'Call-ID: 1@x', 'CSeq: 1 INVITE', 'Max-Forwards: 70',
      'x-platforma-number: 07700900123',
      'X-PLATFORMA-DIAL-NUMBER: 08001234567',
      'X-Platforma-Hold-Time: 42',
      'X-Platforma-Call-Ref: c-123',
      'X-Platforma-Call-Ref: c-999',
      'X-Platforma-Contact-Ref: ACC-991',
      'X-Platforma-Campaign-Ref: inbound',
      'X-Platforma-Ref: 1001',
      'Content-Length: 0', '', '',
    ].join('\r\n');
    const message = Parser.parseMessage(wire, new LoggerFactory().getLogger('test'));
    if (!message) throw new Error('SIP.js did not parse the test INVITE');
    // Duplicate Call-Ref lines: SIP.js returns the first, and so do we.
    expect(decode((name) => message.getHeader(name))).toEqual({ ok: true, call: SEED_SIP_CALL, warnings: [] });
  });

  it('an empty contact ref is the documented default: no warning', () => {
    const { call, warnings } = decode(headerGetter({ 'X-Platforma-Contact-Ref': '' }));
    expect(call.contactRef).toBe('');
    expect(warnings).toEqual([]);
  });
});

describe('decodeInviteHeaders: fallbacks, each named in a warning', () => {
  it('no X-Platforma headers: number from From, ext from To, the rest empty', () => {
    const { call, warnings } = decode(headerGetter(NO_X_HEADERS));
    expect(call).toEqual({
      number: '2001', dialNumber: '', holdTimeSec: null, callRef: '', contactRef: '',
      campaignRef: null, direction: 'inbound', ext: '1001', format: 'sip',
    });
    expect(warnings).toEqual([
      "number (X-Platforma-Number): missing; used the From header's user part",
      "dialNumber (X-Platforma-Dial-Number): missing; used ''",
      'holdTime (X-Platforma-Hold-Time): missing; hold time unknown',
      "callRef (X-Platforma-Call-Ref): missing; used ''",
      "ext (X-Platforma-Ref): missing; used the To header's user part",
    ]);
  });

  it('an empty or blank number header also falls back to From', () => {
    for (const value of ['', '   ', '\u200B']) {
      expect(decode(headerGetter({ 'X-Platforma-Number': value })).call.number).toBe('2001');
    }
  });

  it.each([
    ['"Caller" <sip:2001@127.0.0.1>;tag=x', '2001'],
    ['"A <b>, @c" <sip:2002@host>;tag=x', '2002'],
    ['"Q \\" <sip:9@x>" <sip:2003@host>', '2003'],
    ['Bob <sips:+447700900123@host;user=phone>', '+447700900123'],
    ['sip:2004@host;tag=x', '2004'],
    ['<tel:+447700900124;phone-context=example.com>', '+447700900124'],
    ['<sip:%2B4477@host>', '+4477'],
    ['<sip:2005:secret@host>', '2005'],
  ])('From %s gives number %s', (from, number) => {
    const { call, warnings } = decode(headerGetter({ 'X-Platforma-Number': undefined, From: from }));
    expect(call.number).toBe(number);
    expect(warnings).toEqual(["number (X-Platforma-Number): missing; used the From header's user part"]);
  });

  it.each([
    ['"Anonymous" <sip:anonymous@anonymous.invalid>;tag=x'], ['<sip:host.only>'], ['garbage'], ['"unterminated <sip:1@x>'], [''],
  ])('From %j gives no number', (from) => {
    const { call, warnings } = decode(headerGetter({ 'X-Platforma-Number': undefined, From: from }));
    expect(call.number).toBe('');
    expect(warnings).toEqual(["number (X-Platforma-Number): missing, and the From header's user part is missing; used ''"]);
  });

  it('a getter that throws is treated as missing, and decoding still succeeds', () => {
    const getter = headerGetter();
    const { call, warnings } = decode((name) => {
      if (name === 'X-Platforma-Number' || name === 'From') throw new Error('boom');
      return getter(name);
    });
    expect(call).toEqual({ ...SEED_SIP_CALL, number: '' });
    expect(warnings).toEqual([
      'X-Platforma-Number: reading the header threw; treated as missing',
      'From: reading the header threw; treated as missing',
      "number (X-Platforma-Number): missing, and the From header's user part is missing; used ''",
    ]);
  });

  it.each([[undefined], [null], [42], [{}]])('a getHeader of %j still gives a call', (getHeader) => {
    const { call, warnings } = decode(getHeader as unknown as (name: string) => string | undefined);
    expect(call.format).toBe('sip');
    expect(warnings[0]).toBe('no header getter given; every header treated as missing');
  });

  it('a getter returning non-strings is treated as unusable values', () => {
    const { call, warnings } = decode(((name: string) => (name === 'X-Platforma-Ref' ? 1001 : { name })) as never);
    expect(call).toMatchObject({ number: '', ext: '1001', holdTimeSec: null });
    expect(warnings).toContain("number (X-Platforma-Number): not text (got an object), and the From header's user part is missing; used ''");
  });
});

describe('decodeInviteHeaders: hold time, duplicates and direction', () => {
  it.each([['42', 42], ['42.7', 42], [' 7 ', 7], ['0', 0]])('hold time %j gives %j', (value, seconds) => {
    expect(decode(headerGetter({ 'X-Platforma-Hold-Time': value })).call.holdTimeSec).toBe(seconds);
  });

  it.each([['-3'], ['abc'], ['']])('hold time %j gives null with a warning', (value) => {
    const { call, warnings } = decode(headerGetter({ 'X-Platforma-Hold-Time': value }));
    expect(call.holdTimeSec).toBeNull();
    expect(warnings).toEqual([expect.stringMatching(/^holdTime \(X-Platforma-Hold-Time\): .*; hold time unknown$/)]);
  });

  it('a comma is data: values are never split at commas', () => {
    const { call, warnings } = decode(headerGetter({ 'X-Platforma-Contact-Ref': 'Smith, J', 'X-Platforma-Dial-Number': '0800123,,42' }));
    expect(call).toMatchObject({ contactRef: 'Smith, J', dialNumber: '0800123,,42' });
    expect(warnings).toEqual([]);
  });

  it('a repeated header: the first line wins, with a warning', () => {
    const lines: Record<string, string[]> = { 'x-platforma-number': ['07700900123', '07700900456'], 'x-platforma-ref': ['1001', '1002', '1003'] };
    const base = headerGetter();
    const { call, warnings } = decode((name) => lines[name.toLowerCase()]?.[0] ?? base(name));
    expect(call).toMatchObject({ number: '07700900123', ext: '1001' });
    const counted = decodeInviteHeaders((name) => lines[name.toLowerCase()]?.[0] ?? base(name), (name) => lines[name.toLowerCase()]?.length ?? 1);
    expect(counted).toMatchObject({ ok: true, call: { number: '07700900123', ext: '1001' } });
    expect(counted.ok && counted.warnings).toEqual([
      'X-Platforma-Number: repeated 2 times; used the first',
      'X-Platforma-Ref: repeated 3 times; used the first',
    ]);
    expect(warnings).toEqual([]);
  });

  it('a campaign ref is free text: its commas are kept', () => {
    const { call, warnings } = decode(headerGetter({ 'X-Platforma-Campaign-Ref': 'Spring, renewals' }));
    expect(call).toMatchObject({ campaignRef: 'Spring, renewals', direction: 'outbound' });
    expect(warnings).toEqual([]);
  });

  it.each([
    [undefined, 'inbound', null],
    ['', 'inbound', null],
    ['inbound', 'inbound', 'inbound'],
    ['INBOUND', 'inbound', 'INBOUND'],
    ['outbound', 'outbound', 'outbound'],
    ['click2dial', 'outbound', 'click2dial'],
    ['SPRING-RENEWALS', 'outbound', 'SPRING-RENEWALS'],
  ])('campaign ref %j -> direction %s, campaignRef %j', (campaign, direction, campaignRef) => {
    const { call, warnings } = decode(headerGetter({ 'X-Platforma-Campaign-Ref': campaign }));
    expect(call).toMatchObject({ direction, campaignRef, format: 'sip' });
    expect(warnings).toEqual([]);
  });
});
