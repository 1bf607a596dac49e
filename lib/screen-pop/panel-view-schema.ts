import * as z from 'zod/mini';
import type { PanelCall, PanelPlace, PanelView, PrefillOrder } from './panel-view';

/**
 * The caller panel's check of a 'panel/view' payload. zod/mini rather than classic zod: the
 * content script ships in every CRM tab and must stay small, and it must not import
 * lib/messages.ts (classic zod plus the phone schemas).
 *
 * Values are checked for shape and bounded in size, not cleaned: the worker's decoder already
 * cleaned them, and the panel renders every value as text anyway.
 */

// Generous bounds: the decoder caps header values at 256 characters, record URLs can be longer.
const text = z.string().check(z.maxLength(16_384));
const epochMs = z.number().check(z.nonnegative());

const notification = z.object({
  number: text,
  dialNumber: text,
  holdTimeSec: z.nullable(z.number().check(z.nonnegative())),
  callRef: text,
  contactRef: text,
  campaignRef: z.nullable(text),
  direction: z.enum(['inbound', 'outbound', 'unknown']),
  ext: text,
  format: z.enum(['sip', 'redis-v3', 'redis-legacy']),
});

const record = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), url: text, kind: z.enum(['record', 'search']) }),
  z.object({ ok: z.literal(false), error: text }),
]);

const call = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(256)),
  state: z.enum(['ringing', 'active', 'ended']),
  endReason: z.optional(z.enum(['answered-elsewhere', 'caller-hung-up', 'agent-hung-up', 'declined', 'missed', 'failed'])),
  endDetail: z.optional(text),
  notification,
  ringingAt: epochMs,
  answeredAt: z.optional(epochMs),
  endedAt: z.optional(epochMs),
  muted: z.boolean(),
  record,
  popped: z.boolean(),
  role: z.enum(['panel', 'strip']),
});

const place = z.object({
  dock: z.enum(['bottom-right', 'bottom-left', 'top-right', 'top-left']),
  dx: z.number().check(z.minimum(0), z.maximum(10_000)),
  dy: z.number().check(z.minimum(0), z.maximum(10_000)),
});

const prefill = z.object({
  callId: z.string().check(z.minLength(1)),
  selector: z.string().check(z.minLength(1), z.maxLength(1_000)),
  value: text,
  submit: z.boolean(),
});

export const panelViewSchema = z.object({
  calls: z.array(call).check(z.maxLength(20)),
  prefill: z.nullable(prefill),
  place,
});

/** Checks a payload from the worker; the error names the first offending field. */
export function parsePanelView(raw: unknown): { ok: true; view: PanelView } | { ok: false; error: string } {
  const result = z.safeParse(panelViewSchema, raw);
  if (result.success) return { ok: true, view: result.data };
  const issue = result.error.issues[0];
  return { ok: false, error: issue ? `${issue.path.join('.') || 'view'}: ${issue.message}` : 'invalid view' };
}

// Compile-time drift check: the schema's output and PanelView must be assignable both ways and
// have the same keys at every level, so a field added (even an optional one), removed or retyped
// on either side fails `tsc` here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Out = z.output<typeof panelViewSchema>;
type OutCall = Out['calls'][number];
const schemaMatchesPanelView: [
  Same<Out, PanelView>,
  Same<keyof Out, keyof PanelView>,
  Same<keyof OutCall, keyof PanelCall>,
  Same<keyof OutCall['notification'], keyof PanelCall['notification']>,
  Same<keyof Out['place'], keyof PanelPlace>,
  Same<keyof NonNullable<Out['prefill']>, keyof PrefillOrder>,
] = [true, true, true, true, true, true];
void schemaMatchesPanelView;
