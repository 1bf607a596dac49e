import { describe, expect, it } from 'vitest';
import { callNotificationSchema, decodeRedisNotification, MAX_NOTIFICATION_LENGTH, type DecodeResult } from '../../lib/call-notification';
import {
  expectedCall, redisNotification, SEED_LEGACY_JSON, SEED_V3_DOC_LITERAL, SEED_V3_DOC_SHAPED, SEED_V3_JSON,
} from './fixtures/call-notification';

function decodeOk(raw: string) {
  const result = decodeRedisNotification(raw);
  if (!result.ok) throw new Error(`expected ok, got error: ${result.error}`);
  expect(callNotificationSchema.safeParse(result.call).success).toBe(true);
  return result;
}

function decodeError(raw: unknown): string {
  const result: DecodeResult = decodeRedisNotification(raw as string);
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.call)}`);
  return result.error;
}

describe('decodeRedisNotification: the seed document examples', () => {
  it('decodes the v3 example', () => {
    expect(decodeOk(SEED_V3_JSON)).toEqual({ ok: true, call: expectedCall(), warnings: [] });
  });

  it('decodes the pre-3.0.0 example (campaign_ref "inbound")', () => {
    const { call, warnings } = decodeOk(SEED_LEGACY_JSON);
    expect(call).toEqual(expectedCall({ campaignRef: 'inbound', format: 'redis-legacy' }));
    expect(warnings).toEqual([]);
  });

  it('decodes JSON laid out like the document, spaces before colons', () => {
    expect(decodeOk(SEED_V3_DOC_SHAPED).call).toEqual(expectedCall());
  });

  it('refuses the document text copied literally: it is not JSON', () => {
    expect(decodeError(SEED_V3_DOC_LITERAL)).toBe('notification is not valid JSON');
  });
});

describe('decodeRedisNotification: fields', () => {
  it('maps every payload key to its field', () => {
    const raw = redisNotification({
      number: 'N', dial_number: 'D', hold_time: 7, call_ref: 'C', contact_ref: 'X', call_dir: 'outbound', ref: 'E',
    });
    expect(decodeOk(raw).call).toEqual(expectedCall({
      number: 'N', dialNumber: 'D', holdTimeSec: 7, callRef: 'C', contactRef: 'X', direction: 'outbound', ext: 'E',
    }));
  });

  it('turns JSON numbers into their digits', () => {
    const { call, warnings } = decodeOk(redisNotification({ number: 4471234567, dial_number: 8001234567, call_ref: 123, contact_ref: 991, ref: 1001 }));
    expect(call).toMatchObject({ number: '4471234567', dialNumber: '8001234567', callRef: '123', contactRef: '991', ext: '1001' });
    expect(warnings).toEqual([]);
  });

  it('warns when a JSON number is too large to keep its digits', () => {
    const { call, warnings } = decodeOk(redisNotification({ call_ref: 12345678901234567890 }));
    expect(call.callRef).toBe('12345678901234567000');
    expect(warnings).toEqual([expect.stringMatching(/^callRef \(payload\.call_ref\): the JSON number .* digits may be wrong$/)]);
  });

  it.each([
    [42, 42], ['42', 42], ['42.7', 42], [42.7, 42], [0, 0], ['0', 0], [' 42 ', 42], [-0, 0],
  ])('hold_time %j gives %j seconds', (holdTime, seconds) => {
    const { call, warnings } = decodeOk(redisNotification({ hold_time: holdTime }));
    expect(call.holdTimeSec).toBe(seconds);
    expect(warnings).toEqual([]);
  });

  it.each([
    [-1], ['-1'], [-0.5], ['abc'], ['NaN'], ['Infinity'], ['0x2A'], ['1e3'], ['42s'], [''], ['  '], [true], [{}], [[42]], [1e300], [null],
  ])('hold_time %j gives null and a warning', (holdTime) => {
    const { call, warnings } = decodeOk(redisNotification({ hold_time: holdTime }));
    expect(call.holdTimeSec).toBeNull();
    expect(warnings).toEqual([expect.stringMatching(/^holdTime \(payload\.hold_time\): .*; hold time unknown$/)]);
  });

  it('missing hold_time (before PBX v2.6.0) gives null and a warning', () => {
    const { call, warnings } = decodeOk(redisNotification({ hold_time: undefined }));
    expect(call.holdTimeSec).toBeNull();
    expect(warnings).toEqual(['holdTime (payload.hold_time): missing; hold time unknown']);
  });

  it('an empty or null contact_ref is the documented default: "" without a warning', () => {
    for (const contactRef of ['', null, undefined, '   ']) {
      const { call, warnings } = decodeOk(redisNotification({ contact_ref: contactRef }));
      expect(call.contactRef).toBe('');
      expect(warnings).toEqual([]);
    }
  });

  it('missing required fields become "" and each is named in a warning', () => {
    const raw = JSON.stringify({ type: 'call', payload: { call_dir: 'inbound' } });
    const { call, warnings } = decodeOk(raw);
    expect(call).toEqual(expectedCall({ number: '', dialNumber: '', holdTimeSec: null, callRef: '', contactRef: '', ext: '' }));
    expect(warnings).toEqual([
      "number (payload.number): missing; used ''",
      "dialNumber (payload.dial_number): missing; used ''",
      'holdTime (payload.hold_time): missing; hold time unknown',
      "callRef (payload.call_ref): missing; used ''",
      "ext (payload.ref): missing; used ''",
    ]);
  });

  it('values of the wrong type fall back with a warning naming the type', () => {
    const { call, warnings } = decodeOk(redisNotification({ number: { digits: 1 }, ref: ['1001'], call_ref: true }));
    expect(call).toMatchObject({ number: '', ext: '', callRef: '' });
    expect(warnings).toEqual([
      "number (payload.number): not text (got an object); used ''",
      "callRef (payload.call_ref): not text (got a boolean); used ''",
      "ext (payload.ref): not text (got an array); used ''",
    ]);
  });

  it('ignores keys it does not know', () => {
    expect(decodeOk(redisNotification({ extra: 'x', queue: 5 })).call).toEqual(expectedCall());
  });
});

describe('decodeRedisNotification: direction and format', () => {
  it.each([
    [{ call_dir: 'inbound' }, 'redis-v3', 'inbound', null],
    [{ call_dir: 'outbound' }, 'redis-v3', 'outbound', null],
    [{ call_dir: 'OUTBOUND' }, 'redis-v3', 'outbound', null],
    [{ call_dir: 'outbound', campaign_ref: 'SPRING' }, 'redis-v3', 'outbound', 'SPRING'],
    [{ call_dir: undefined, campaign_ref: 'inbound' }, 'redis-legacy', 'inbound', 'inbound'],
    [{ call_dir: undefined, campaign_ref: 'Inbound' }, 'redis-legacy', 'inbound', 'Inbound'],
    [{ call_dir: undefined, campaign_ref: 'SPRING-RENEWALS' }, 'redis-legacy', 'outbound', 'SPRING-RENEWALS'],
    [{ call_dir: null, campaign_ref: 'click2dial' }, 'redis-legacy', 'outbound', 'click2dial'],
  ] as const)('%j -> %s, %s, campaignRef %j', (payload, format, direction, campaignRef) => {
    const { call, warnings } = decodeOk(redisNotification(payload));
    expect(call).toMatchObject({ format, direction, campaignRef });
    expect(warnings).toEqual([]);
  });

  it('legacy without campaign_ref: direction unknown, with a warning', () => {
    const { call, warnings } = decodeOk(redisNotification({ call_dir: undefined }));
    expect(call).toMatchObject({ format: 'redis-legacy', direction: 'unknown', campaignRef: null });
    expect(warnings).toEqual(['direction: no campaign_ref in a legacy notification; direction unknown']);
  });

  it('v3 with an unusable call_dir: falls back to campaign_ref, else unknown', () => {
    const bad = decodeOk(redisNotification({ call_dir: 'sideways' }));
    expect(bad.call).toMatchObject({ format: 'redis-v3', direction: 'unknown' });
    expect(bad.warnings).toEqual(['callDir (payload.call_dir): neither "inbound" nor "outbound"; direction unknown']);
    const withCampaign = decodeOk(redisNotification({ call_dir: true, campaign_ref: 'inbound' }));
    expect(withCampaign.call).toMatchObject({ format: 'redis-v3', direction: 'inbound', campaignRef: 'inbound' });
    expect(withCampaign.warnings).toEqual(['callDir (payload.call_dir): not text (got a boolean); direction taken from the campaign']);
  });
});

describe('decodeRedisNotification: refusals', () => {
  it.each([
    [undefined, 'notification is undefined, not a string'],
    [null, 'notification is null, not a string'],
    [42, 'notification is a number, not a string'],
    ['', 'notification is empty'],
    ['  \n', 'notification is empty'],
    ['not json', 'notification is not valid JSON'],
    ['{"type":"call",', 'notification is not valid JSON'],
    ['[1,2]', 'notification is JSON an array, not an object'],
    ['null', 'notification is JSON null, not an object'],
    ['42', 'notification is JSON a number, not an object'],
    ['{"payload":{}}', 'notification has no "type"; expected "call"'],
    ['{"type":"hangup","payload":{}}', 'notification type is "hangup", expected "call"'],
    ['{"type":"CALL","payload":{}}', 'notification type is "CALL", expected "call"'],
    ['{"type":1,"payload":{}}', 'notification type is a number, expected "call"'],
    ['{"type":"call"}', 'notification has no "payload"'],
    ['{"type":"call","payload":null}', 'notification has no "payload"'],
    ['{"type":"call","payload":[1]}', 'notification payload is an array, not an object'],
    ['{"type":"call","payload":5}', 'notification payload is a number, not an object'],
    ['{"type":"call","payload":"nope"}', 'payload (a JSON string) is not valid JSON'],
    ['"not json inside"', 'notification (a JSON string) is not valid JSON'],
  ])('%j -> %s', (raw, error) => {
    expect(decodeError(raw)).toBe(error);
  });

  it('quotes an unexpected type safely: control characters removed, cut short', () => {
    const error = decodeError(JSON.stringify({ type: `x\u0000\u202E${'y'.repeat(100)}`, payload: {} }));
    expect(error).toBe(`notification type is "x${'y'.repeat(39)}…", expected "call"`);
  });

  it('refuses input over the size limit without parsing it', () => {
    const huge = redisNotification({ contact_ref: 'x'.repeat(MAX_NOTIFICATION_LENGTH) });
    expect(decodeError(huge)).toMatch(/^notification is \d+ characters long, over the 1048576 limit$/);
  });
});

describe('decodeRedisNotification: double encoding and hostile JSON', () => {
  it('undoes a payload sent as a JSON string, with a warning', () => {
    const payload = JSON.parse(SEED_V3_JSON).payload;
    const { call, warnings } = decodeOk(JSON.stringify({ type: 'call', payload: JSON.stringify(payload) }));
    expect(call).toEqual(expectedCall());
    expect(warnings).toEqual(['payload was a JSON-encoded string; decoded it']);
  });

  it('undoes a whole notification sent as a JSON string, once', () => {
    const { call, warnings } = decodeOk(JSON.stringify(SEED_V3_JSON));
    expect(call).toEqual(expectedCall());
    expect(warnings).toEqual(['notification was JSON-encoded twice; decoded the inner JSON']);
    expect(decodeError(JSON.stringify(JSON.stringify(SEED_V3_JSON)))).toBe('notification is JSON a string, not an object');
  });

  it('accepts a leading byte-order mark', () => {
    expect(decodeOk(`\uFEFF${SEED_V3_JSON}`).call).toEqual(expectedCall());
  });

  it('__proto__ keys neither supply fields nor pollute Object.prototype', () => {
    const raw = '{"type":"call","__proto__":{"payload":{"number":"evil"}},"payload":{"__proto__":{"number":"evil","polluted":1},"call_dir":"inbound"}}';
    const { call } = decodeOk(raw);
    expect(call.number).toBe('');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(call)).toBe(Object.prototype);
  });

  it('reads only own keys, so a polluted Object.prototype cannot supply a field', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.number = 'evil';
    try {
      expect(decodeOk(redisNotification({ number: undefined })).call.number).toBe('');
    } finally {
      delete proto.number;
    }
  });
});
