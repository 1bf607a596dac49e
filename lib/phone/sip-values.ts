import { cleanText } from '../call-notification/clean-text';

/**
 * SIP protocol values the PBX (and, through it, the caller) chooses: Call-ID, From/To tags, the
 * From display name, a CANCEL's or BYE's Reason. Any characters, any length the PBX relays,
 * including strings that mean something to JavaScript objects ("__proto__", "constructor").
 * None of them is ever a key: each call gets the phone's own id (newCallId). Where one is shown
 * or stored (endDetail, logs, snapshot fields) it is cleaned like a header value (control, bidi
 * and invisible characters removed: clean-text.ts) and capped shorter.
 */
export const MAX_SIP_VALUE_LENGTH = 128;

/**
 * Decoder warnings kept per call: the decoder gives a few per field at most, and the worker
 * refuses a phone state with more than 64 (lib/phone-host/phone-state.ts), so the cap is here.
 */
export const MAX_CALL_WARNINGS = 32;

export function sipValue(value: unknown, max = MAX_SIP_VALUE_LENGTH): string {
  if (typeof value !== 'string') return '';
  const { text, cutFrom } = cleanText(value, max);
  return cutFrom === undefined ? text : `${text}…`;
}

/**
 * The phone's own id for a call: unique per run and never derived from the PBX. Falls back to a
 * counter with a random per-run prefix where randomUUID is missing (an insecure context).
 */
export function callIdSource(): () => string {
  if (typeof globalThis.crypto?.randomUUID === 'function') return () => globalThis.crypto.randomUUID();
  const prefix = Math.random().toString(36).slice(2, 10);
  let n = 0;
  return () => `call-${prefix}-${++n}`;
}
