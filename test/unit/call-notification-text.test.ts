import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanText } from '../../lib/call-notification/clean-text';
import { callNotificationSchema, decodeInviteHeaders, decodeRedisNotification, MAX_TEXT_LENGTH } from '../../lib/call-notification';
import { headerGetter, redisNotification } from './fixtures/call-notification';

// Every text rule must hold the same on both channels: decode the same value through each.
function throughBoth(value: string) {
  const sip = decodeInviteHeaders(headerGetter({ 'X-Platforma-Contact-Ref': value }));
  const redis = decodeRedisNotification(redisNotification({ contact_ref: value }));
  if (!sip.ok || !redis.ok) throw new Error('expected both channels to decode');
  expect(callNotificationSchema.safeParse(sip.call).success).toBe(true);
  expect(callNotificationSchema.safeParse(redis.call).success).toBe(true);
  expect(sip.call.contactRef).toBe(redis.call.contactRef);
  return { text: redis.call.contactRef, sipWarnings: sip.warnings, warnings: redis.warnings };
}

describe('text values: kept as given', () => {
  it.each([
    ['unicode names', 'Zoë Ångström-Łukasiewicz'],
    ['CJK', '山田太郎'],
    ['emoji', 'VIP 🌟 caller 👍🏽'],
    ['emoji joined with ZWJ', 'family 👨‍👩‍👧'],
    ['emoji ZWJ sequences with a skin tone and with VS16', '👩🏽‍💻 🏳️‍🌈'],
    ['Arabic (RTL)', 'محمد علي'],
    ['Hebrew (RTL) with digits', 'דוד 123'],
    ['HTML and script, passed through as text', '<img src=x onerror=alert(1)><script>alert("x")</script> & &amp;'],
    ['URL-ish text', "../../?a=1&b=2#x'\""],
  ])('%s', (_name, value) => {
    const { text, warnings } = throughBoth(value);
    expect(text).toBe(value);
    expect(warnings).toEqual([]);
  });

  it('trims surrounding whitespace without a warning', () => {
    const { text, warnings } = throughBoth('  ACC-991 \u00A0');
    expect(text).toBe('ACC-991');
    expect(warnings).toEqual([]);
  });
});

describe('text values: cleaned, with a warning naming the field', () => {
  it.each([
    ['C0 controls', 'AC\u0000C\u0007-991\u001B', 'ACC-991', 3],
    ['DEL and C1 controls', 'ACC\u007F-\u0080\u009F991', 'ACC-991', 3],
    ['bidi override that would reverse the digits', '\u202E0770\u202C', '0770', 2],
    ['bidi isolates and marks', '\u2066A\u2069\u200EB\u200F\u061C', 'AB', 5],
    ['zero-width space, word joiner, BOM, soft hyphen', '07\u200B70\u2060 09\uFEFF00\u00AD', '0770 0900', 4],
    ['line breaks and tabs become one space', 'John\r\nSmith\tJr', 'John Smith Jr', 3],
    ['lone surrogates (encodeURIComponent would throw)', 'A\uD800B\uDC00C', 'ABC', 2],
    ['ZWNJ, and ZWJ outside an emoji sequence', 'می\u200Cخواهم A\u200DB 😀\u200D', 'میخواهم AB 😀', 3],
    ['word joiner and invisible operators U+2060-2064, U+2065', 'A\u2060\u2061\u2062\u2063\u2064\u2065B', 'AB', 6],
    ['Mongolian vowel separator, interlinear annotation', 'A\u180EB\uFFF9C\uFFFAD\uFFFB', 'ABCD', 4],
    ['tag characters U+E0001, U+E0020-E007F', 'ACC\u{E0001}\u{E0041}\u{E007F}-1', 'ACC-1', 3],
    ['Arabic number sign, other Cf', '\u0600\u06DD\u070F\u08E2\u{110BD}\u{1D173}42', '42', 6],
  ])('%s', (_name, value, expected, changed) => {
    const { text, warnings, sipWarnings } = throughBoth(value);
    expect(text).toBe(expected);
    expect(() => encodeURIComponent(text)).not.toThrow();
    expect(warnings).toEqual([`contactRef (payload.contact_ref): removed or replaced ${changed} control or invisible character(s)`]);
    expect(sipWarnings).toEqual([`contactRef (X-Platforma-Contact-Ref): removed or replaced ${changed} control or invisible character(s)`]);
  });

  it(`caps a value at ${MAX_TEXT_LENGTH} characters`, () => {
    const { text, warnings } = throughBoth('x'.repeat(10_000));
    expect(text).toBe('x'.repeat(MAX_TEXT_LENGTH));
    expect(warnings).toEqual([`contactRef (payload.contact_ref): cut to ${MAX_TEXT_LENGTH} characters (was 10000)`]);
  });

  it('never cuts an emoji in half', () => {
    const { text } = throughBoth(`${'x'.repeat(MAX_TEXT_LENGTH - 1)}😀tail`);
    expect(text).toBe('x'.repeat(MAX_TEXT_LENGTH - 1));
    expect(text.isWellFormed()).toBe(true);
  });

  it('handles a 5 MB header value', () => {
    const { call, warnings } = expectOk(decodeInviteHeaders(headerGetter({ 'X-Platforma-Number': '7'.repeat(5_000_000) })));
    expect(call.number).toHaveLength(MAX_TEXT_LENGTH);
    expect(warnings).toEqual([`number (X-Platforma-Number): cut to ${MAX_TEXT_LENGTH} characters (was 5000000)`]);
  });

  it('a value of only control characters counts as empty', () => {
    const result = expectOk(decodeRedisNotification(redisNotification({ call_ref: '\u0000\u202E\u200B' })));
    expect(result.call.callRef).toBe('');
    expect(result.warnings).toEqual([
      'callRef (payload.call_ref): removed or replaced 3 control or invisible character(s)',
      "callRef (payload.call_ref): empty; used ''",
    ]);
  });
});

describe('cleanText, properties', () => {
  // Emoji, modifiers, VS16, joiners, tags, bidi and other format characters, in any order.
  const unit = fc.constantFrom('😀', '👩', '💻', '🏽', '\uFE0F', '\u200D', '\u200C', '\u{E0041}', '\u202E', '\u2060', '\u00AD', '\uD800', 'a', ' ', 'ش', '\n');
  const text = fc.string({ unit, maxLength: 300 });

  it('is a fixed point: cleaning twice changes nothing', () => {
    fc.assert(
      fc.property(text, (value) => {
        expect(cleanText(cleanText(value).text).text).toBe(cleanText(value).text);
      }),
      { numRuns: 1_000 },
    );
  });

  it('leaves no format or control character but a ZWJ between two emoji', () => {
    fc.assert(
      fc.property(text, (value) => {
        const out = cleanText(value).text;
        const withoutEmojiJoins = out.replace(/(?<=\p{Extended_Pictographic}[\p{Emoji_Modifier}\uFE0F]*)\u200D(?=\p{Extended_Pictographic})/gu, '');
        expect(withoutEmojiJoins).not.toMatch(/[\p{Cc}\p{Cf}\p{Cs}]/u);
        expect(out.length).toBeLessThanOrEqual(256);
      }),
      { numRuns: 1_000 },
    );
  });
});

describe('callNotificationSchema', () => {
  const good = expectOk(decodeRedisNotification(redisNotification())).call;

  it.each([
    ['untrimmed text', { number: ' 1' }],
    ['a control character', { number: '1\u0000' }],
    ['a bidi override', { callRef: '\u202Ex' }],
    ['text over the cap', { contactRef: 'x'.repeat(MAX_TEXT_LENGTH + 1) }],
    ['an empty campaign ref (absent is null)', { campaignRef: '' }],
    ['a fractional hold time', { holdTimeSec: 1.5 }],
    ['a negative hold time', { holdTimeSec: -1 }],
    ['an unknown direction', { direction: 'sideways' }],
    ['an unknown format', { format: 'xml' }],
    ['an extra key', { extra: 1 }],
  ])('rejects %s', (_name, change) => {
    expect(callNotificationSchema.safeParse(good).success).toBe(true);
    expect(callNotificationSchema.safeParse({ ...good, ...change }).success).toBe(false);
  });
});

function expectOk<T extends { ok: boolean }>(result: T): Extract<T, { ok: true }> {
  if (!result.ok) throw new Error('expected ok');
  return result as Extract<T, { ok: true }>;
}
