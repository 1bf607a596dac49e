import type { Invitation } from 'sip.js';
import { decodeInviteHeaders, type CallNotification } from '../call-notification';
import { cleanText } from '../call-notification/clean-text';
import { MAX_CALL_WARNINGS } from './sip-values';

/**
 * The CallNotification of an incoming INVITE, from its X-Platforma-* headers. decodeInviteHeaders
 * never fails today; should it, the call still rings, with what plain SIP says (the From user)
 * and the decoder's error as a warning, rather than being dropped.
 */
export function decodeInvitation(invitation: Invitation, ext: string): { notification: CallNotification; warnings: string[] } {
  const decoded = decodeInviteHeaders(
    (name) => invitation.request.getHeader(name),
    (name) => invitation.request.getHeaders(name).length,
  );
  if (decoded.ok) return { notification: decoded.call, warnings: decoded.warnings.slice(0, MAX_CALL_WARNINGS) };
  return {
    notification: {
      // Cleaned like a header value: this path skips the decoder.
      number: cleanText(String(invitation.remoteIdentity.uri.user ?? '')).text,
      dialNumber: '',
      holdTimeSec: null,
      callRef: '',
      contactRef: '',
      campaignRef: null,
      direction: 'unknown',
      ext,
      format: 'sip',
    },
    warnings: [decoded.error],
  };
}
