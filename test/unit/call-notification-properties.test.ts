import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callNotificationSchema, decodeInviteHeaders, decodeRedisNotification, INVITE_HEADERS, REDIS_KEYS, type DecodeResult } from '../../lib/call-notification';

// The decoders' last-resort nets (catch-all, schema gate) hide bugs as valid-looking output; a
// property run must never reach them.
const SAFETY_NET = /failed unexpectedly|produced an invalid notification/;

// Property: whatever comes in, neither decoder throws, and every ok output passes the shared schema.
function assertSound(result: DecodeResult): void {
  if (!result.ok) {
    expect(result.error).toEqual(expect.any(String));
    expect(result.error).not.toMatch(SAFETY_NET);
    return;
  }
  expect(callNotificationSchema.safeParse(result.call).success).toBe(true);
  for (const warning of result.warnings) expect(warning).not.toMatch(SAFETY_NET);
}

// Strings full of the characters the cleaner cares about, so shrinking finds edge cases fast.
const nastyChar = fc.constantFrom('\u0000', '\u0085', '\u202E', '\u2066', '\u200B', '\u200D', '\uFEFF', '\uD800', '\uDC00', '😀', ' ', '\n', ',', '"', '<', '@', ';', ':', '%', 'é', 'ش', '1');
const nastyString = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.oneof(nastyChar, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })) }),
  fc.string({ unit: nastyChar, minLength: 250, maxLength: 300 }),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'inbound', 'outbound', 'NaN', '-0', '1e400', '42.7'),
);
const fieldValue = fc.oneof(nastyString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 2 }));

describe('decodeRedisNotification never throws and its output passes the schema', () => {
  it('for arbitrary strings', () => {
    fc.assert(fc.property(nastyString, (raw) => assertSound(decodeRedisNotification(raw))), { numRuns: 500 });
  });

  it('for arbitrary JSON values', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => assertSound(decodeRedisNotification(JSON.stringify(value)))), { numRuns: 300 });
  });

  it('for call notifications with arbitrary field values, extra keys and double encoding', () => {
    const keys = fc.constantFrom(...Object.values(REDIS_KEYS), '__proto__', 'constructor', 'extra');
    const payload = fc.dictionary(keys, fieldValue);
    const notification = fc.record({ payload, encodePayload: fc.boolean(), encodeWhole: fc.boolean() });
    fc.assert(
      fc.property(notification, ({ payload, encodePayload, encodeWhole }) => {
        const envelope = JSON.stringify({ type: 'call', payload: encodePayload ? JSON.stringify(payload) : payload });
        const result = decodeRedisNotification(encodeWhole ? JSON.stringify(envelope) : envelope);
        expect(result.ok).toBe(true); // every such input is a call notification
        assertSound(result);
      }),
      { numRuns: 500 },
    );
  });

  it('for values that are not strings at all', () => {
    fc.assert(fc.property(fc.anything(), (value) => assertSound(decodeRedisNotification(value as string))), { numRuns: 200 });
  });
});

describe('decodeInviteHeaders never throws, always gives a call, and its output passes the schema', () => {
  const names = fc.constantFrom(...Object.values(INVITE_HEADERS), 'From', 'To');
  const headerValue = fc.oneof(nastyString, fc.constant(undefined));

  it('for arbitrary header maps, looked up case-insensitively', () => {
    fc.assert(
      fc.property(fc.dictionary(names, headerValue), (headers) => {
        const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
        const result = decodeInviteHeaders((name) => lower.get(name.toLowerCase()));
        expect(result.ok).toBe(true);
        assertSound(result);
      }),
      { numRuns: 500 },
    );
  });

  it('for getters that throw or return anything', () => {
    const behaviour = fc.oneof(fc.constant<'throw'>('throw'), fc.anything());
    fc.assert(
      fc.property(fc.dictionary(names, behaviour), (plan) => {
        const result = decodeInviteHeaders((name) => {
          const step = plan[name];
          if (step === 'throw') throw new Error(`no ${name}`);
          return step as string | undefined;
        });
        expect(result.ok).toBe(true);
        assertSound(result);
      }),
      { numRuns: 300 },
    );
  });

  it('for a getHeader that is not a function', () => {
    fc.assert(
      fc.property(fc.anything(), (getHeader) => {
        const result = decodeInviteHeaders(getHeader as (name: string) => string | undefined);
        expect(result.ok).toBe(true);
        assertSound(result);
      }),
      { numRuns: 100 },
    );
  });
});
