import { sipValue } from './sip-values';

/**
 * The status line of a REFER NOTIFY's `message/sipfrag` body (RFC 3515 2.4.5): how the
 * transferee's INVITE to the target is going, e.g. "SIP/2.0 486 Busy Here". The body is the
 * PBX's (and the target's) text: the reason is cleaned and capped; anything else is ignored.
 */
export interface SipfragStatus {
  code: number;
  reason: string;
}

const STATUS_LINE = /^SIP\/2\.0[ \t]+([1-6][0-9]{2})(?:[ \t]+([^\r\n]*))?/;

export function parseSipfrag(body: unknown): SipfragStatus | undefined {
  if (typeof body !== 'string') return undefined;
  const match = STATUS_LINE.exec(body.trimStart().slice(0, 1_024));
  if (!match?.[1]) return undefined;
  return { code: Number(match[1]), reason: sipValue(match[2] ?? '', 64) };
}

/** "486 Busy Here", for the agent. */
export function statusText(status: { code: number; reason: string }): string {
  return status.reason === '' ? String(status.code) : `${status.code} ${status.reason}`;
}
