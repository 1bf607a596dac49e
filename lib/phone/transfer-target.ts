import { UserAgent, type URI } from 'sip.js';

/**
 * Where the agent may transfer a call: an extension or phone number of the PBX (digits, with a
 * leading + and * # allowed: feature codes), or a plain sip:/sips: URI. What the agent typed
 * reaches the Refer-To header, so anything that could add URI headers (`?Replaces=`), parameters
 * with quotes or angle brackets, or break the header (spaces, control characters) is refused.
 */
export const MAX_TARGET_LENGTH = 256;
const NUMBER = /^\+?[0-9*#]{1,32}$/;
/** user@host with an optional ;param=value list; no headers, no display name, no brackets. */
const SIP_URI = /^sips?:[A-Za-z0-9._~+!$&'*%=-]{1,64}@[A-Za-z0-9.-]{1,190}(:[0-9]{1,5})?(;[A-Za-z0-9._~=-]{1,64}){0,4}$/;

export interface TransferTarget {
  /** What the agent sees: the number as typed, or the URI. */
  label: string;
  uri: URI;
}

export type ParsedTarget = { ok: true; target: TransferTarget } | { ok: false; error: string };

export function parseTransferTarget(raw: string, domain: string): ParsedTarget {
  const trimmed = raw.trim();
  // Numbers are often pasted with spaces, dashes or brackets ("0770 090-0123").
  const compact = trimmed.replace(/[\s().-]/g, '');
  const text = NUMBER.test(compact) ? compact : trimmed;
  if (text === '') return { ok: false, error: 'enter an extension number or a sip: address' };
  if (text.length > MAX_TARGET_LENGTH) return { ok: false, error: `a transfer target is at most ${MAX_TARGET_LENGTH} characters` };
  let address: string;
  if (NUMBER.test(text)) address = `sip:${text}@${domain}`;
  else if (SIP_URI.test(text)) address = text;
  else return { ok: false, error: 'not an extension number or a sip: address' };
  const uri = UserAgent.makeURI(address);
  if (!uri) return { ok: false, error: 'not a valid SIP address' };
  return { ok: true, target: { label: text, uri } };
}
