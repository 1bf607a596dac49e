/**
 * The media direction attribute of an SDP (RFC 3264 section 5.1), read and written as text so it
 * works the same on a browser's SDP and on the fake handler of the Node tests.
 */
export type SdpDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

const DIRECTION = /^a=(sendrecv|sendonly|recvonly|inactive)[ \t]*\r?$/m;

/** The first audio section's direction (else the session-level one); none written: sendrecv. */
export function directionOf(sdp: string): SdpDirection {
  const audio = sdp.split(/^(?=m=)/m).find((section) => section.startsWith('m=audio'));
  const match = (audio !== undefined ? DIRECTION.exec(audio) : null) ?? DIRECTION.exec(sdp.split(/^m=/m)[0] ?? '');
  return (match?.[1] as SdpDirection | undefined) ?? 'sendrecv';
}

/**
 * Our side on hold: what we offer is at most `sendonly` (we still send, e.g. music or silence;
 * RFC 3264 section 8.4), `inactive` if we were not receiving anyway. Same rule as SIP.js's
 * holdModifier, plus media sections without any direction line.
 */
export function holdDirection(current: SdpDirection): SdpDirection {
  return current === 'sendrecv' || current === 'sendonly' ? 'sendonly' : 'inactive';
}

/** Rewrites every media section's direction with `to(current)`; a section without one gets one. */
export function rewriteDirection(sdp: string, to: (current: SdpDirection) => SdpDirection): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const [session = '', ...media] = sdp.split(/^(?=m=)/m);
  const sessionDirection = DIRECTION.exec(session)?.[1] as SdpDirection | undefined;
  const rewritten = media.map((section) => {
    const current = (DIRECTION.exec(section)?.[1] as SdpDirection | undefined) ?? sessionDirection ?? 'sendrecv';
    const next = to(current);
    if (DIRECTION.test(section)) return section.replace(DIRECTION, (line, dir: string) => line.replace(dir, next));
    const lines = section.split(eol);
    // After the m= line, as SIP.js's holdModifier puts it.
    return [lines[0], `a=${next}`, ...lines.slice(1)].join(eol);
  });
  return [session, ...rewritten].join('');
}

/**
 * A SIP.js SessionDescriptionHandler modifier that puts our offer (or answer) on hold. SIP.js
 * keeps the re-INVITE's modifiers for later negotiations too, so while held an answer to the
 * caller's own re-INVITE stays on hold.
 */
export async function holdSdpModifier<T extends { sdp?: string | undefined; type?: string }>(description: T): Promise<T> {
  if (description.sdp === undefined) return description;
  return { ...description, sdp: rewriteDirection(description.sdp, holdDirection) };
}
