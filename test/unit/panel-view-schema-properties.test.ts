import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { parsePanelView } from '@/lib/screen-pop/panel-view-schema';
import type { PanelCall, PanelView } from '@/lib/screen-pop/panel-view';

/**
 * Properties of the hand-written 'panel/view' check: every valid view passes unchanged; a view
 * with one field of a call broken passes without that call (named in `dropped`), one with a field
 * outside the calls broken is refused naming that field; and it agrees with the zod/mini schema
 * it replaced (kept here as the oracle, applied per call for the calls) on any input.
 */

const text = fc.oneof({ weight: 9, arbitrary: fc.string({ maxLength: 24 }) }, { weight: 1, arbitrary: fc.constant('x'.repeat(16_384)) });
const epochMs = fc.double({ min: 0, max: 4e12, noNaN: true });
const endReason = fc.constantFrom('answered-elsewhere', 'caller-hung-up', 'agent-hung-up', 'declined', 'missed', 'failed');

const notification: fc.Arbitrary<PanelCall['notification']> = fc.record({
  number: text,
  dialNumber: text,
  holdTimeSec: fc.option(fc.nat(), { nil: null }),
  callRef: text,
  contactRef: text,
  campaignRef: fc.option(text, { nil: null }),
  direction: fc.constantFrom('inbound', 'outbound', 'unknown'),
  ext: text,
  format: fc.constantFrom('sip', 'redis-v3', 'redis-legacy'),
});

const record: fc.Arbitrary<PanelCall['record']> = fc.oneof(
  fc.record({ ok: fc.constant(true as const), url: text, kind: fc.constantFrom('record', 'search'), fallback: text }, { requiredKeys: ['ok', 'url', 'kind'] }),
  fc.record({ ok: fc.constant(false as const), error: text }),
);

const call: fc.Arbitrary<PanelCall> = fc.record(
  {
    id: fc.string({ minLength: 1, maxLength: 256 }),
    source: fc.constantFrom('sip', 'bridge'),
    state: fc.constantFrom('ringing', 'active', 'connected', 'ended'),
    endReason,
    endDetail: text,
    notification,
    ringingAt: epochMs,
    answeredAt: epochMs,
    endedAt: epochMs,
    muted: fc.boolean(),
    record,
    popped: fc.boolean(),
    role: fc.constantFrom('panel', 'strip'),
  },
  { requiredKeys: ['id', 'source', 'state', 'notification', 'ringingAt', 'muted', 'record', 'popped', 'role'] },
);

// structuredClone: a view arrives structured-cloned (plain objects), while fc.record may build
// null-prototype objects.
const validView: fc.Arbitrary<PanelView> = fc
  .record({
  calls: fc.array(call, { maxLength: 3 }),
  prefill: fc.option(
    fc.record({
      callId: fc.string({ minLength: 1 }),
      selector: fc.string({ minLength: 1, maxLength: 1_000 }),
      value: text,
      submit: fc.boolean(),
    }),
    { nil: null },
  ),
  place: fc.record({
    dock: fc.constantFrom('bottom-right', 'bottom-left', 'top-right', 'top-left'),
    dx: fc.double({ min: 0, max: 10_000, noNaN: true }),
    dy: fc.double({ min: 0, max: 10_000, noNaN: true }),
  }),
  })
  .map((view) => structuredClone(view));

type Path = (string | number)[];
/** Paths of every string, number and boolean in a view (null leaves are skipped: null is valid where it occurs). */
function leaves(value: unknown, path: Path = []): Path[] {
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, Array.isArray(value) ? Number(k) : k]));
  return value === null || value === undefined ? [] : [path];
}
/** Paths of every object or array in a view, to delete a required key from or add junk to. */
function objects(value: unknown, path: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [];
  return [path, ...Object.entries(value).flatMap(([k, v]) => objects(v, [...path, Array.isArray(value) ? Number(k) : k]))];
}
function at(root: unknown, path: Path): Record<string | number, unknown> {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root) as Record<string | number, unknown>;
}
/** Wrong for every field of that type: no string field takes a number, no number field a string, etc. */
const wrongFor = (leaf: unknown, key: unknown) =>
  typeof leaf === 'string'
    ? // prefill.callId is the one string without an upper bound.
      fc.constantFrom<unknown>(7, true, {}, [], undefined, ...(key === 'callId' ? [] : ['x'.repeat(16_385)]))
    : typeof leaf === 'number'
      ? fc.constantFrom<unknown>('1', -1, -1e-9, Number.NaN, Number.POSITIVE_INFINITY, true, undefined)
      : fc.constantFrom<unknown>('true', 1, null, undefined);
const OPTIONAL = new Set(['endReason', 'endDetail', 'answeredAt', 'endedAt', 'fallback']);

/** A valid view with exactly one leaf replaced by a wrong value; the path says which. */
const brokenView = validView
  .filter((view) => leaves(view).length > 0)
  .chain((view) => fc.nat(leaves(view).length - 1).map((i) => ({ view, path: leaves(view)[i]! })))
  .filter(({ path }) => !OPTIONAL.has(String(path.at(-1))))
  .chain(({ view, path }) =>
    wrongFor(at(view, path), path.at(-1)).map((wrong) => {
      const broken = structuredClone(view);
      at(broken, path.slice(0, -1))[path.at(-1)!] = wrong;
      return { broken, path: path.join('.') };
    }),
  );

describe('panel view check, properties', () => {
  it('passes every valid view unchanged', () => {
    fc.assert(fc.property(validView, (view) => {
        expect(parsePanelView(view)).toStrictEqual({ ok: true, view, dropped: [] });
      }));
  });

  it('a field of the wrong type or out of bounds: inside a call drops that call only, elsewhere refuses the view; either way naming the field', () => {
    fc.assert(
      fc.property(brokenView, ({ broken, path }) => {
        const result = parsePanelView(broken);
        const inCall = /^calls\.(\d+)\./.exec(path);
        if (inCall === null) {
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.error.startsWith(`${path}: `)).toBe(true);
          return;
        }
        const index = Number(inCall[1]);
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(result.dropped).toHaveLength(1);
        expect(result.dropped[0]!.startsWith(`${path}: `)).toBe(true);
        const others = (broken as PanelView).calls.filter((_, i) => i !== index);
        expect(result.view.calls).toStrictEqual(others);
      }),
    );
  });

  it('a required key missing: from a call drops that call, elsewhere refuses the view', () => {
    const missing = validView.chain((view) =>
      fc.constantFrom(...objects(view).filter((p) => !Array.isArray(at(view, p)))).chain((path) => {
        const keys = Object.keys(at(view, path)).filter((k) => !OPTIONAL.has(k));
        return fc.constantFrom(...keys).map((key) => {
          const broken = structuredClone(view);
          delete at(broken, path)[key];
          return { broken, view, inCall: path[0] === 'calls' };
        });
      }),
    );
    fc.assert(fc.property(missing, ({ broken, view, inCall }) => {
        const result = parsePanelView(broken);
        expect(result.ok).toBe(inCall);
        if (result.ok) expect(result.view.calls).toHaveLength(view.calls.length - 1);
      }));
  });

  it('a list where an object belongs: in a call drops that call, elsewhere refuses the view', () => {
    const listed = validView.chain((view) =>
      fc.constantFrom(...objects(view).filter((p) => p.length > 0 && !Array.isArray(at(view, p)))).map((path) => {
        const broken = structuredClone(view);
        at(broken, path.slice(0, -1))[path.at(-1)!] = Object.assign([], at(view, path));
        return { broken, view, inCall: path[0] === 'calls' };
      }),
    );
    fc.assert(
      fc.property(listed, ({ broken, view, inCall }) => {
        const result = parsePanelView(broken);
        expect(result.ok).toBe(inCall);
        if (result.ok) expect(result.view.calls).toHaveLength(view.calls.length - 1);
      }),
    );
  });

  it('drops unknown keys and keeps the rest', () => {
    const withJunk = validView.chain((view) =>
      fc.constantFrom(...objects(view).filter((p) => !Array.isArray(at(view, p)))).map((path) => {
        const junk = structuredClone(view);
        at(junk, path).injected = '<img src=x onerror=alert(1)>';
        return { junk, view };
      }),
    );
    fc.assert(fc.property(withJunk, ({ junk, view }) => {
        expect(parsePanelView(junk)).toStrictEqual({ ok: true, view, dropped: [] });
      }));
  });

  it('agrees with the zod/mini schema it replaced, applied per call, on valid, broken and arbitrary input', () => {
    const input = fc.oneof(
      validView,
      brokenView.map((b) => b.broken),
      fc.anything(),
      fc.record({ calls: fc.anything(), prefill: fc.anything(), place: fc.anything() }),
      fc.record({ calls: fc.array(fc.oneof(call, fc.anything()), { maxLength: 4 }), prefill: fc.constant(null), place: fc.constant({ dock: 'top-left', dx: 0, dy: 0 }) }),
    );
    fc.assert(
      fc.property(input, (raw) => {
        const ours = parsePanelView(raw);
        const oracle = zodPerCall(raw);
        expect(ours.ok).toBe(oracle.ok);
        if (ours.ok && oracle.ok) {
          expect(ours.view).toStrictEqual(oracle.view);
          expect(ours.dropped).toHaveLength(oracle.dropped);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a call whose id is a name of Object.prototype is kept like any other, and changes no prototype', () => {
    const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
    const view = structuredClone({
      calls: names.map((id) => ({ ...sampleCall, id })),
      prefill: { callId: '__proto__', selector: '#q', value: 'x', submit: false },
      place: { dock: 'top-left', dx: 0, dy: 0 },
    });
    const result = parsePanelView(view);
    expect(result.ok && result.view.calls.map((c) => c.id)).toEqual(names);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});

const sampleCall = {
  id: 'c', source: 'sip', state: 'ringing', notification: {
    number: '1', dialNumber: '2', holdTimeSec: null, callRef: 'r', contactRef: '', campaignRef: null,
    direction: 'inbound', ext: '1001', format: 'sip',
  }, ringingAt: 1, muted: false, record: { ok: false, error: 'none' }, popped: false, role: 'panel',
};

/** The old schema's rules, with calls checked one by one: a failing call is dropped. */
function zodPerCall(raw: unknown): { ok: true; view: unknown; dropped: number } | { ok: false } {
  const outer = z.safeParse(zodPanelViewOuter, raw);
  if (!outer.success) return { ok: false };
  const calls = outer.data.calls.map((c) => z.safeParse(zodCall, c));
  const kept = calls.flatMap((c) => (c.success ? [c.data] : []));
  return { ok: true, view: { ...outer.data, calls: kept }, dropped: calls.length - kept.length };
}

// The zod/mini schema the content script used before (commit history: panel-view-schema.ts).
const zText = z.string().check(z.maxLength(16_384));
const zEpochMs = z.number().check(z.nonnegative());
const zodCall = z.object({
        id: z.string().check(z.minLength(1), z.maxLength(256)),
        source: z.enum(['sip', 'bridge']),
        state: z.enum(['ringing', 'active', 'connected', 'ended']),
        endReason: z.optional(z.enum(['answered-elsewhere', 'caller-hung-up', 'agent-hung-up', 'declined', 'missed', 'failed'])),
        endDetail: z.optional(zText),
        notification: z.object({
          number: zText,
          dialNumber: zText,
          holdTimeSec: z.nullable(z.number().check(z.nonnegative())),
          callRef: zText,
          contactRef: zText,
          campaignRef: z.nullable(zText),
          direction: z.enum(['inbound', 'outbound', 'unknown']),
          ext: zText,
          format: z.enum(['sip', 'redis-v3', 'redis-legacy']),
        }),
        ringingAt: zEpochMs,
        answeredAt: z.optional(zEpochMs),
        endedAt: z.optional(zEpochMs),
        muted: z.boolean(),
        record: z.discriminatedUnion('ok', [
          z.object({ ok: z.literal(true), url: zText, kind: z.enum(['record', 'search']), fallback: z.optional(zText) }),
          z.object({ ok: z.literal(false), error: zText }),
        ]),
        popped: z.boolean(),
        role: z.enum(['panel', 'strip']),
      });
const zodPanelViewOuter = z.object({
  calls: z.array(z.unknown()).check(z.maxLength(20)),
  prefill: z.nullable(
    z.object({
      callId: z.string().check(z.minLength(1)),
      selector: z.string().check(z.minLength(1), z.maxLength(1_000)),
      value: zText,
      submit: z.boolean(),
    }),
  ),
  place: z.object({
    dock: z.enum(['bottom-right', 'bottom-left', 'top-right', 'top-left']),
    dx: z.number().check(z.minimum(0), z.maximum(10_000)),
    dy: z.number().check(z.minimum(0), z.maximum(10_000)),
  }),
});
