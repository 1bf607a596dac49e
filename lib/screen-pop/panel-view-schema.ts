import type { PanelCall, PanelPlace, PanelView, PrefillOrder } from './panel-view';

/**
 * The caller panel's check of a 'panel/view' payload. Hand-written rather than zod: the content
 * script ships in every CRM tab and zod/mini alone was ~23 kB of its ~76 kB; these few
 * combinators do the one job at ~1 kB. It must not import lib/messages.ts either (classic zod plus
 * the phone schemas).
 *
 * Same rules as the zod/mini schema it replaced (test/unit/panel-view-schema-properties.test.ts
 * compares the two): objects (not arrays), unknown keys dropped from the result, optional keys
 * left out when absent, finite numbers only, strings and lists bounded.
 *
 * Values are checked for shape and bounded in size, not cleaned: the worker's decoder already
 * cleaned them, and the panel renders every value as text anyway.
 *
 * One bad call drops that call, never the whole view (`dropped` says which and why): the other
 * calls, the prefill and the place still reach the panel. Anything wrong outside a call (not an
 * object, calls not a list or over 20, a bad prefill or place) refuses the view.
 */

/** Returns the value (objects: a copy with the known keys only) or throws Invalid. */
type Check<T> = (value: unknown, path: string) => T;
/** A key that may be absent; absent stays absent in the result. */
type Optional<T> = Check<T | undefined> & { optional: true };
type Shape = Record<string, Check<unknown>>;
type Parsed<S extends Shape> = Flat<
  { [K in keyof S as S[K] extends Optional<unknown> ? never : K]: ReturnType<S[K]> } & {
    [K in keyof S as S[K] extends Optional<unknown> ? K : never]?: ReturnType<S[K]>;
  }
>;
type Flat<T> = { [K in keyof T]: T[K] };

class Invalid extends Error {}

function fail(path: string, expected: string): never {
  throw new Invalid(`${path || 'view'}: expected ${expected}`);
}

function string(min: number, max: number): Check<string> {
  return (value, path) =>
    typeof value === 'string' && value.length >= min && value.length <= max
      ? value
      : fail(path, `a string of ${min} to ${max} characters`);
}

/** Finite (zod rejects NaN and Infinity too) and within [0, max]. */
function number(max = Infinity): Check<number> {
  return (value, path) =>
    typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= max
      ? value
      : fail(path, `a number from 0 to ${max}`);
}

const boolean: Check<boolean> = (value, path) => (typeof value === 'boolean' ? value : fail(path, 'true or false'));

function oneOf<const T extends string | boolean>(...values: T[]): Check<T> {
  return (value, path) => (values.includes(value as T) ? (value as T) : fail(path, values.join(' or ')));
}

function nullable<T>(check: Check<T>): Check<T | null> {
  return (value, path) => (value === null ? null : check(value, path));
}

function optional<T>(check: Check<T>): Optional<T> {
  return Object.assign((value: unknown, path: string) => (value === undefined ? undefined : check(value, path)), {
    optional: true as const,
  });
}

/** A list whose bad items are left out (and named in `dropped`) rather than failing the list. */
function lenientList<T>(check: Check<T>, max: number, dropped: string[]): Check<T[]> {
  return (value, path) => {
    if (!Array.isArray(value) || value.length > max) fail(path, `a list of at most ${max}`);
    const out: T[] = [];
    for (let i = 0; i < value.length; i++) {
      try {
        out.push(check(value[i], `${path}.${i}`));
      } catch (error) {
        if (!(error instanceof Invalid)) throw error;
        dropped.push(error.message);
      }
    }
    return out;
  };
}

function object<S extends Shape>(shape: S): Check<Parsed<S>> {
  return (value, path) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'an object');
    const input = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [key, check] of Object.entries(shape)) {
      if ('optional' in check && !(key in input)) continue;
      out[key] = check(input[key], path ? `${path}.${key}` : key);
    }
    return out as Parsed<S>;
  };
}

// Generous bounds: the decoder caps header values at 256 characters, record URLs can be longer.
const text = string(0, 16_384);
const epochMs = number();

const notification = object({
  number: text,
  dialNumber: text,
  holdTimeSec: nullable(number()),
  callRef: text,
  contactRef: text,
  campaignRef: nullable(text),
  direction: oneOf('inbound', 'outbound', 'unknown'),
  ext: text,
  format: oneOf('sip', 'redis-v3', 'redis-legacy'),
});

const recordFound = object({ ok: oneOf(true), url: text, kind: oneOf('record', 'search'), fallback: optional(text) });
const recordFailed = object({ ok: oneOf(false), error: text });
/** Discriminated by `ok`; anything but `ok: false` is checked (and named) as a found record. */
const record: Check<ReturnType<typeof recordFound> | ReturnType<typeof recordFailed>> = (value, path) =>
  ((value as { ok?: unknown } | null)?.ok === false ? recordFailed : recordFound)(value, path);

const transfer = object({
  mode: oneOf('blind', 'attended'),
  target: text,
  status: oneOf('pending', 'accepted', 'failed'),
  phase: oneOf('holding', 'dialing', 'consulting', 'referring', 'trying', 'refused', 'resuming', 'accepted', 'failed'),
  detail: optional(text),
  consultCallId: optional(string(1, 256)),
  consultState: optional(oneOf('calling', 'active', 'ended')),
});
const quality = object({
  level: oneOf('good', 'fair', 'poor'),
  lossPct: number(100),
  jitterMs: number(),
  rttMs: optional(number()),
  warning: optional(string(0, 1_024)),
});

const call = object({
  id: string(1, 256),
  source: oneOf('sip', 'bridge'),
  state: oneOf('ringing', 'dialing', 'active', 'connected', 'ended'),
  endReason: optional(
    oneOf(
      'answered-elsewhere', 'caller-hung-up', 'agent-hung-up', 'declined', 'missed', 'failed',
      'busy', 'no-answer', 'rejected', 'cancelled', 'remote-hung-up',
    ),
  ),
  direction: optional(oneOf('inbound', 'outbound')),
  remoteRinging: optional(boolean),
  endDetail: optional(text),
  notification,
  ringingAt: epochMs,
  answeredAt: optional(epochMs),
  endedAt: optional(epochMs),
  muted: boolean,
  transfer: optional(transfer),
  hold: optional(oneOf('holding', 'held', 'resuming')),
  holdError: optional(text),
  remoteHold: optional(boolean),
  quality: optional(quality),
  record,
  popped: boolean,
  popNote: optional(text),
  role: oneOf('panel', 'strip'),
});

const place = object({
  dock: oneOf('bottom-right', 'bottom-left', 'top-right', 'top-left'),
  dx: number(10_000),
  dy: number(10_000),
});

const prefill = object({
  callId: string(1, Infinity),
  selector: string(1, 1_000),
  value: text,
  submit: boolean,
});

const MAX_CALLS = 20;
const panelViewShape = (dropped: string[]) =>
  object({
    calls: lenientList(call, MAX_CALLS, dropped),
    prefill: nullable(prefill),
    place,
  });
const panelView = panelViewShape([]);

export type ParsedPanelView =
  | { ok: true; view: PanelView; /** Why each left-out call was left out (path: problem). */ dropped: string[] }
  | { ok: false; error: string };

/** Checks a payload from the worker; an error names the first offending field. */
export function parsePanelView(raw: unknown): ParsedPanelView {
  const dropped: string[] = [];
  try {
    return { ok: true, view: panelViewShape(dropped)(raw, ''), dropped };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, error: error.message };
    throw error;
  }
}

/** The check of one call on its own (the per-call part of parsePanelView), for tests. */
export function parsePanelCall(raw: unknown): { ok: true; call: PanelCall } | { ok: false; error: string } {
  try {
    return { ok: true, call: call(raw, 'call') };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, error: error.message };
    throw error;
  }
}

// Compile-time drift check: the checked result and PanelView must be assignable both ways and
// have the same keys at every level, so a field added (even an optional one), removed or retyped
// on either side fails `tsc` here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Every key of every member of a union (record: ok, url, kind, error). */
type KeysOf<U> = U extends unknown ? keyof U : never;
type Out = ReturnType<typeof panelView>;
type OutCall = Out['calls'][number];
const checkMatchesPanelView: [
  Same<Out, PanelView>,
  Same<keyof Out, keyof PanelView>,
  Same<keyof OutCall, keyof PanelCall>,
  Same<keyof OutCall['notification'], keyof PanelCall['notification']>,
  Same<keyof NonNullable<OutCall['transfer']>, keyof NonNullable<PanelCall['transfer']>>,
  Same<keyof Out['place'], keyof PanelPlace>,
  Same<keyof NonNullable<Out['prefill']>, keyof PrefillOrder>,
  Same<KeysOf<OutCall['record']>, KeysOf<PanelCall['record']>>,
] = [true, true, true, true, true, true, true, true];
void checkMatchesPanelView;
