/**
 * The media direction attribute of an SDP (RFC 3264 section 5.1), read as text so it works the
 * same on a browser's SDP and on the fake handler of the Node tests (the answer to our hold, the
 * caller's own re-INVITE).
 */
export type SdpDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

const DIRECTION = /^a=(sendrecv|sendonly|recvonly|inactive)[ \t]*\r?$/m;

/** The first audio section's direction (else the session-level one); none written: sendrecv. */
export function directionOf(sdp: string): SdpDirection {
  const audio = sdp.split(/^(?=m=)/m).find((section) => section.startsWith('m=audio'));
  const match = (audio !== undefined ? DIRECTION.exec(audio) : null) ?? DIRECTION.exec(sdp.split(/^m=/m)[0] ?? '');
  return (match?.[1] as SdpDirection | undefined) ?? 'sendrecv';
}
