import { SessionState, type Session } from 'sip.js';
import { sipValue } from './sip-values';
import { directionOf, type SdpDirection } from './sdp-direction';

export type HoldOutcome = { ok: true; answer: SdpDirection } | { ok: false; detail: string };

/** The part of a SIP.js Session a hold needs (a fake in unit tests). */
export type HoldSession = Pick<
  Session,
  'invite' | 'state' | 'sessionDescriptionHandlerModifiersReInvite' | 'sessionDescriptionHandlerOptionsReInvite'
>;

/**
 * Sends the re-INVITE that puts our side on hold (`held`) or back (RFC 3264 section 8.4) and
 * resolves with the outcome once the far end has answered; never rejects.
 * - The offer: `hold` in the handler options. SIP.js's Web handler then sets its transceivers to
 *   sendonly (inactive if it was not receiving) before making the offer, so the SDP says so and
 *   RTP really stops; an answer it gives to the caller's own re-INVITE while held stays on hold.
 *   Resume: `hold: false`, so it offers sendrecv again.
 * - No SDP modifier (SIP.js's holdModifier): SIP.js applies re-INVITE modifiers to the REMOTE
 *   description too, so the caller's answer a=recvonly was rewritten to inactive and our side
 *   stopped sending as well (seen in Chromium: currentDirection 'inactive' instead of 'sendonly').
 *   The modifiers are set to none, so none left by anyone else applies either.
 * - A non-2xx answer, timeout (SIP.js answers itself 408) or transport error (503): SIP.js rolls
 *   the offer back (rollbackDescription, see lib/phone-host/web-sdh-factory.ts) and so do we
 *   with the re-INVITE options, so the next negotiation (the caller's own re-INVITE) is
 *   answered as the call really is.
 */
export function reinviteForHold(session: HoldSession, held: boolean): Promise<HoldOutcome> {
  const before = {
    options: session.sessionDescriptionHandlerOptionsReInvite,
    modifiers: session.sessionDescriptionHandlerModifiersReInvite,
  };
  const restore = (): void => {
    session.sessionDescriptionHandlerOptionsReInvite = before.options;
    session.sessionDescriptionHandlerModifiersReInvite = before.modifiers;
  };
  return new Promise<HoldOutcome>((resolve) => {
    session
      .invite({
        sessionDescriptionHandlerOptions: { ...before.options, hold: held } as Session['sessionDescriptionHandlerOptionsReInvite'],
        sessionDescriptionHandlerModifiers: [],
        requestDelegate: {
          onAccept: (response) => {
            // SIP.js calls this even when the answer could not be applied and it hung up.
            if (session.state === SessionState.Terminated) {
              resolve({ ok: false, detail: 'the answer could not be applied; the call ended' });
              return;
            }
            const body = response.message.body;
            resolve({ ok: true, answer: directionOf(typeof body === 'string' ? body : '') });
          },
          onReject: (response) => {
            restore();
            const { statusCode, reasonPhrase } = response.message;
            resolve({ ok: false, detail: `${statusCode ?? '?'} ${sipValue(reasonPhrase ?? '', 64)}`.trim() });
          },
        },
      })
      .catch((error: unknown) => {
        restore();
        resolve({ ok: false, detail: sipValue(error instanceof Error ? error.message : String(error), 200) });
      });
  });
}
