import { checked, normalise, type NormaliseSource, type RawField, type RawFields } from './normalise';
import type { CallNotification, DecodeResult } from './schema';
import { userOfAddress } from './sip-address';

/** The PBX's INVITE headers, by CallNotification field (canonical spelling from its document). */
export const INVITE_HEADERS = {
  number: 'X-Platforma-Number',
  dialNumber: 'X-Platforma-Dial-Number',
  holdTime: 'X-Platforma-Hold-Time',
  callRef: 'X-Platforma-Call-Ref',
  contactRef: 'X-Platforma-Contact-Ref',
  campaignRef: 'X-Platforma-Campaign-Ref',
  ext: 'X-Platforma-Ref',
} as const satisfies Partial<Record<RawField, string>>;

type HeaderField = keyof typeof INVITE_HEADERS;

/**
 * Decodes an incoming INVITE into a CallNotification. An INVITE is always a call, so this never
 * fails and never throws: what cannot be read falls back (see normalise.ts) with a warning.
 *
 * `getHeader` must look names up case-insensitively and return the first value when a header is
 * repeated, as SIP.js's `request.getHeader` does; pass `(n) => invitation.request.getHeader(n)`.
 * `countHeader` (optional; `(n) => invitation.request.getHeaders(n).length`) says how many lines
 * of a header there are: a repeated X-Platforma header gives its first line, with a warning.
 *
 * A value is never split at commas: X-Platforma-* headers are single values, and a comma is data
 * (a pause in a dial string, "Smith, J" in a reference, a campaign name).
 */
export function decodeInviteHeaders(getHeader: (name: string) => string | undefined, countHeader?: (name: string) => number): DecodeResult {
  const warnings: string[] = [];
  try {
    const get = headerReader(getHeader, warnings);
    const count = headerCounter(countHeader);
    const raw: RawFields = {};
    for (const field of Object.keys(INVITE_HEADERS) as HeaderField[]) {
      const header = INVITE_HEADERS[field];
      raw[field] = get(header);
      const lines = count(header);
      if (lines > 1) warnings.push(`${header}: repeated ${lines} times; used the first`);
    }
    const source: NormaliseSource = {
      format: 'sip',
      labels: INVITE_HEADERS,
      fallbacks: {
        number: { value: userOfAddress(get('From')), label: "the From header's user part" },
        ext: { value: userOfAddress(get('To')), label: "the To header's user part" },
      },
    };
    const result = checked(normalise(raw, source, warnings), warnings);
    return result.ok ? result : emptyCall([...warnings, result.error]);
  } catch {
    return emptyCall([...warnings, 'decoding the INVITE failed unexpectedly; showing a call with no details']);
  }
}

function headerReader(getHeader: unknown, warnings: string[]): (name: string) => unknown {
  if (typeof getHeader !== 'function') {
    warnings.push('no header getter given; every header treated as missing');
    return () => undefined;
  }
  return (name) => {
    try {
      return (getHeader as (name: string) => unknown)(name);
    } catch {
      warnings.push(`${name}: reading the header threw; treated as missing`);
      return undefined;
    }
  };
}

/** How many lines of a header; 0 when unknown (no counter, or it failed). */
function headerCounter(countHeader: unknown): (name: string) => number {
  if (typeof countHeader !== 'function') return () => 0;
  return (name) => {
    try {
      const n: unknown = (countHeader as (name: string) => unknown)(name);
      return typeof n === 'number' && Number.isSafeInteger(n) ? n : 0;
    } catch {
      return 0;
    }
  };
}

// Last resort when something unforeseen broke: still a call, so the agent sees it ringing.
function emptyCall(warnings: string[]): DecodeResult {
  const call: CallNotification = {
    number: '', dialNumber: '', holdTimeSec: null, callRef: '', contactRef: '',
    campaignRef: null, direction: 'inbound', ext: '', format: 'sip',
  };
  return { ok: true, call, warnings };
}
