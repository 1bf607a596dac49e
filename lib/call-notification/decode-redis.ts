import { describeValue, quoteForMessage } from './clean-text';
import { checked, normalise, type RawField, type RawFields } from './normalise';
import type { DecodeResult } from './schema';

/** JSON keys of the notification payload, by field (from the PBX's document). */
export const REDIS_KEYS = {
  number: 'number',
  dialNumber: 'dial_number',
  holdTime: 'hold_time',
  callRef: 'call_ref',
  contactRef: 'contact_ref',
  campaignRef: 'campaign_ref',
  callDir: 'call_dir',
  ext: 'ref',
} as const satisfies Record<RawField, string>;

/** Longer input is refused unparsed: a real notification is a few hundred bytes. */
export const MAX_NOTIFICATION_LENGTH = 1024 * 1024;

const LABELS = Object.fromEntries(
  Object.entries(REDIS_KEYS).map(([field, key]) => [field, `payload.${key}`]),
) as Record<RawField, string>;

/**
 * Decodes one entry popped from `enigma:notifications:inbound`:
 *   {"type":"call","payload":{"number":..,"dial_number":..,"hold_time":..,"call_ref":..,
 *    "contact_ref":..,"call_dir":"inbound"|"outbound" (v3) or "campaign_ref":.. (legacy),"ref":..}}
 * format is 'redis-v3' when call_dir is present (not null), else 'redis-legacy'.
 *
 * ok:false (with the reason) when the input is not a string, too large, not JSON, not an object,
 * its type is not "call", or its payload is missing or not an object. Double encoding, which some
 * integrations do, is undone once, with a warning: the whole notification as a JSON string, or
 * the payload as a JSON string. Keys are read as own properties only, so "__proto__" in the JSON or
 * a polluted Object.prototype cannot supply or alter a field. Never throws.
 */
export function decodeRedisNotification(raw: string): DecodeResult {
  try {
    return decode(raw);
  } catch {
    return { ok: false, error: 'decoding the notification failed unexpectedly' };
  }
}

function decode(raw: unknown): DecodeResult {
  if (typeof raw !== 'string') return fail(`notification is ${describeValue(raw)}, not a string`);
  if (raw.length > MAX_NOTIFICATION_LENGTH) {
    return fail(`notification is ${raw.length} characters long, over the ${MAX_NOTIFICATION_LENGTH} limit`);
  }
  const warnings: string[] = [];
  const top = parseJson(raw, 'notification');
  if (!top.ok) return top;
  const outer = unwrapJsonString(top.value, 'notification (a JSON string)', warnings, 'notification was JSON-encoded twice; decoded the inner JSON');
  if (!outer.ok) return outer;
  const envelope = outer.value;
  if (!isObject(envelope)) return fail(`notification is JSON ${describeValue(envelope)}, not an object`);

  const type = own(envelope, 'type');
  if (type === undefined) return fail('notification has no "type"; expected "call"');
  if (type !== 'call') {
    const got = typeof type === 'string' ? quoteForMessage(type) : describeValue(type);
    return fail(`notification type is ${got}, expected "call"`);
  }

  const rawPayload = own(envelope, 'payload');
  if (rawPayload === undefined || rawPayload === null) return fail('notification has no "payload"');
  const unwrapped = unwrapJsonString(rawPayload, 'payload (a JSON string)', warnings, 'payload was a JSON-encoded string; decoded it');
  if (!unwrapped.ok) return unwrapped;
  const payload = unwrapped.value;
  if (!isObject(payload)) return fail(`notification payload is ${describeValue(payload)}, not an object`);

  const fields: RawFields = {};
  for (const [field, key] of Object.entries(REDIS_KEYS) as [RawField, string][]) fields[field] = own(payload, key);
  const format = fields.callDir === undefined || fields.callDir === null ? 'redis-legacy' : 'redis-v3';
  return checked(normalise(fields, { format, labels: LABELS }, warnings), warnings);
}

type Parsed = { ok: true; value: unknown } | { ok: false; error: string };

/** Some integrations JSON-encode once too often: a string value is parsed once more, with a warning. */
function unwrapJsonString(value: unknown, what: string, warnings: string[], warning: string): Parsed {
  if (typeof value !== 'string') return { ok: true, value };
  const inner = parseJson(value, what);
  if (inner.ok) warnings.push(warning);
  return inner;
}

function parseJson(text: string, what: string): Parsed {
  // trim() also drops a leading BOM, which JSON.parse rejects.
  const trimmed = text.trim();
  if (trimmed === '') return fail(`${what} is empty`);
  try {
    return { ok: true, value: JSON.parse(trimmed) as unknown };
  } catch {
    return fail(`${what} is not valid JSON`);
  }
}

function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function own(object: object, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? (object as Record<string, unknown>)[key] : undefined;
}
