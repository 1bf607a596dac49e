import type { SessionDescriptionHandler, SessionDescriptionHandlerFactory } from 'sip.js';

/** Node has no WebRTC: a media handler that offers/answers a fixed audio SDP and does nothing else. */
export const DUMMY_SDP = [
  'v=0',
  'o=- 0 0 IN IP4 127.0.0.1',
  's=-',
  'c=IN IP4 127.0.0.1',
  't=0 0',
  'm=audio 9 RTP/AVP 0',
  'a=rtpmap:0 PCMU/8000',
  'a=sendrecv',
  '',
].join('\r\n');

export const fakeSdhFactory: SessionDescriptionHandlerFactory = (): SessionDescriptionHandler => ({
  close: () => undefined,
  getDescription: () => Promise.resolve({ body: DUMMY_SDP, contentType: 'application/sdp' }),
  hasDescription: (contentType) => contentType === 'application/sdp',
  setDescription: () => Promise.resolve(),
  sendDtmf: () => false,
});
