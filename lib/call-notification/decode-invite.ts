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

// A campaign ref is a free-text name and may hold a comma; every other value is a number or an id.
const FIRST_VALUE_ONLY: ReadonlySet<HeaderField> = new Set(['number', 'dialNumber', 'holdTime', 'callRef', 'contactRef', 'ext']);

/**
 * Decodes an incoming INVITE into a CallNotification. An INVITE is always a call, so this never
 * fails and never throws: what cannot be read falls back (see normalise.ts) with a warning.
 *
 * `getHeader` must look names up case-insensitively and return the first value when a header is
 * repeated, as SIP.js's `request.getHeader` does; pass `(n) => invitation.request.getHeader(n)`.
 * A header repeated by the PBX as one comma-joined line ("07700900123, 07700900456") is read the
 * same way: the first value wins, with a warning.
 */
export function decodeInviteHeaders(getHeader: (name: string) => string | undefined): DecodeResult {
  const warnings: string[] = [];
  try {
    const get = headerReader(getHeader, warnings);
    const raw: RawFields = {};
    for (const field of Object.keys(INVITE_HEADERS) as HeaderField[]) {
      const value = get(INVITE_HEADERS[field]);
      raw[field] = FIRST_VALUE_ONLY.has(field) ? firstValue(value, INVITE_HEADERS[field], warnings) : value;
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

function firstValue(value: unknown, header: string, warnings: string[]): unknown {
  if (typeof value !== 'string' || !value.includes(',')) return value;
  const parts = value.split(',', 2);
  warnings.push(`${header}: several comma-separated values; used the first`);
  return parts[0];
}

// Last resort when something unforeseen broke: still a call, so the agent sees it ringing.
function emptyCall(warnings: string[]): DecodeResult {
  const call: CallNotification = {
    number: '', dialNumber: '', holdTimeSec: null, callRef: '', contactRef: '',
    campaignRef: null, direction: 'inbound', ext: '', format: 'sip',
  };
  return { ok: true, call, warnings };
}
