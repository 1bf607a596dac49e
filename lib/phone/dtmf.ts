import type { Session } from 'sip.js';
import { sipValue } from './sip-values';
import type { DtmfMode } from './types';

/** The keypad's digits (RFC 4733 events 0-15): the same rule as the 'call/dtmf' message. */
export const DTMF_DIGITS = /^[0-9*#A-D]{1,32}$/;

/** Tone and gap: long enough for IVRs that sample slowly (ITU Q.24 asks >= 40 ms each). */
export const TONE_MS = 160;
export const GAP_MS = 100;

export function checkDtmf(digits: string): string {
  if (!DTMF_DIGITS.test(digits)) throw new Error('DTMF: 1 to 32 of 0-9 * # A-D');
  return digits;
}

export type DtmfSession = Pick<Session, 'info' | 'sessionDescriptionHandler'>;

/**
 * Sends keypad digits on an answered call.
 * - 'rfc4733': telephone-event packets in the call's RTP, through the RTCDTMFSender of SIP.js's
 *   media handler (SessionDescriptionHandler.sendDtmf). It answers false when the call has no
 *   DTMF sender (no telephone-event negotiated): an error, not silence.
 * - 'info': one SIP INFO per digit (application/dtmf-relay, the Cisco/Asterisk body), each sent
 *   after the previous one was answered so the IVR gets them in order; a refusal stops there.
 */
export async function sendDtmf(session: DtmfSession, digits: string, mode: DtmfMode): Promise<void> {
  checkDtmf(digits);
  if (mode === 'rfc4733') {
    const sent = session.sessionDescriptionHandler?.sendDtmf(digits, { duration: TONE_MS, interToneGap: GAP_MS }) ?? false;
    if (!sent) throw new Error('DTMF: this call cannot send RFC 4733 tones (no DTMF sender); try SIP INFO');
    return;
  }
  for (const digit of digits) await infoDigit(session, digit);
}

function infoDigit(session: DtmfSession, digit: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    session
      .info({
        requestOptions: {
          body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: `Signal=${digit}\r\nDuration=${TONE_MS}\r\n` },
        },
        requestDelegate: {
          onAccept: () => resolve(),
          onReject: (response) => {
            const { statusCode, reasonPhrase } = response.message;
            reject(new Error(`DTMF: INFO for ${digit} refused: ${statusCode ?? '?'} ${sipValue(reasonPhrase ?? '', 64)}`.trim()));
          },
        },
      })
      .catch(reject);
  });
}
