/**
 * The media of a SIP.js session as our calls use it, for the outbound call (outbound-call.ts);
 * the inbound call (call.ts) does the same inline.
 */
export interface MediaHandler {
  remoteMediaStream?: MediaStream;
  peerConnection?: RTCPeerConnection;
}

/** Disabling the local track sends silence without renegotiating; re-applied once media exists. */
export function applyMute(media: MediaHandler | undefined, muted: boolean): void {
  for (const sender of media?.peerConnection?.getSenders() ?? []) {
    if (sender.track?.kind === 'audio') sender.track.enabled = !muted;
  }
}
