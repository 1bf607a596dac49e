import type { SessionDescriptionHandler, SessionDescriptionHandlerFactory, SessionDescriptionHandlerModifier } from 'sip.js';
import { directionOf, type SdpDirection } from '../../lib/phone/sdp-direction';

/**
 * A fake media handler for Node tests that negotiates directions as a browser would (RFC 3264
 * section 6.1): an answer to sendonly is recvonly, to inactive inactive; a handler on hold
 * (`hold` option) offers sendonly. Modifiers are applied, so the phone's hold modifier shows in
 * the SDP on the wire. Every SDP it makes or takes is recorded; `refuseOffers` makes it refuse
 * the next remote offers (SIP.js then answers 488 Not Acceptable Here).
 */
export interface SdpLog {
  local: string[];
  remote: string[];
  refuseOffers: boolean;
}

const sdp = (direction: SdpDirection) =>
  ['v=0', 'o=- 0 0 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 9 RTP/AVP 0 101', 'a=rtpmap:0 PCMU/8000', 'a=rtpmap:101 telephone-event/8000', `a=${direction}`, ''].join('\r\n');

const ANSWER: Record<SdpDirection, SdpDirection> = { sendrecv: 'sendrecv', sendonly: 'recvonly', recvonly: 'sendonly', inactive: 'inactive' };
/** Our hold applied to an answer: we do not receive... we send at most (same as holdDirection). */
const HELD: Record<SdpDirection, SdpDirection> = { sendrecv: 'sendonly', sendonly: 'sendonly', recvonly: 'inactive', inactive: 'inactive' };

export function directionalSdhFactory(log: SdpLog = { local: [], remote: [], refuseOffers: false }): SessionDescriptionHandlerFactory & { log: SdpLog } {
  const factory = (): SessionDescriptionHandler & { rollbackDescription(): Promise<void> } => {
    let awaitingAnswer = false;
    let offered: SdpDirection | undefined;
    return {
      close: () => undefined,
      async getDescription(options?: { hold?: boolean } & object, modifiers: SessionDescriptionHandlerModifier[] = []) {
        let direction: SdpDirection;
        if (offered !== undefined) {
          direction = ANSWER[offered];
          if (options?.hold) direction = HELD[direction];
          offered = undefined;
        } else {
          direction = options?.hold ? 'sendonly' : 'sendrecv';
          awaitingAnswer = true;
        }
        let description: RTCSessionDescriptionInit = { type: 'offer', sdp: sdp(direction) };
        for (const modify of modifiers) description = await modify(description);
        log.local.push(description.sdp!);
        return { body: description.sdp!, contentType: 'application/sdp' };
      },
      hasDescription: (contentType) => contentType === 'application/sdp',
      async setDescription(body: string) {
        if (awaitingAnswer) {
          awaitingAnswer = false;
        } else {
          if (log.refuseOffers) throw new Error('test: offer refused');
          offered = directionOf(body);
        }
        log.remote.push(body);
      },
      async rollbackDescription() {
        awaitingAnswer = false;
        offered = undefined;
      },
      sendDtmf: () => false,
    };
  };
  return Object.assign(factory, { log });
}
