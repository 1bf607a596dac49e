import { z } from 'zod';
import { isCleanText } from './clean-text';

/**
 * One inbound (or dialler) call, whichever channel announced it: the SIP INVITE's X-Platforma-*
 * headers or the Redis list `enigma:notifications:inbound`. Both decoders build it through the same
 * normalise step and check it against callNotificationSchema, so the channels cannot disagree.
 */
export interface CallNotification {
  /** Caller's number as the PBX gave it ('' when unknown). */
  number: string;
  /** Number the caller dialled. */
  dialNumber: string;
  /** Whole seconds the caller waited in the queue; null when not given or unusable. */
  holdTimeSec: number | null;
  /** PBX's unique call reference (used to disposition the call). */
  callRef: string;
  /** Reference the caller typed into an IVR; '' when none (the PBX's documented default). */
  contactRef: string;
  /** Campaign as given ('inbound', or a dialler campaign name); null when absent. */
  campaignRef: string | null;
  direction: 'inbound' | 'outbound' | 'unknown';
  /** Agent extension the call was delivered to. */
  ext: string;
  format: 'sip' | 'redis-v3' | 'redis-legacy';
}

export type DecodeResult = { ok: true; call: CallNotification; warnings: string[] } | { ok: false; error: string };

// Every string is trimmed, free of control/invisible characters and at most 256 long (see clean-text.ts).
const text = z.string().refine(isCleanText, { message: 'not clean text: untrimmed, too long or has control characters' });

export const callNotificationSchema: z.ZodType<CallNotification> = z.strictObject({
  number: text,
  dialNumber: text,
  holdTimeSec: z.number().int().nonnegative().nullable(),
  callRef: text,
  contactRef: text,
  campaignRef: z.string().min(1).pipe(text).nullable(),
  direction: z.enum(['inbound', 'outbound', 'unknown']),
  ext: text,
  format: z.enum(['sip', 'redis-v3', 'redis-legacy']),
});
