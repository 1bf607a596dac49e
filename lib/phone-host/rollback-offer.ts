/**
 * Undoes an offer that got no answer, for SIP.js's Web media handler, which has no
 * rollbackDescription: after a refused re-INVITE (a hold the PBX answered 488, a 408 timeout) its
 * RTCPeerConnection stayed in 'have-local-offer', so every later negotiation failed (the next hold,
 * the caller's own re-INVITE) and the transceiver kept the refused direction (SIP.js #685: held in
 * the UI or not, the media no longer matched). SIP.js calls this before it reports the failure.
 */
export type RollbackPeer = Pick<RTCPeerConnection, 'signalingState' | 'setLocalDescription' | 'setRemoteDescription' | 'getTransceivers'>;

export async function rollbackOffer(pc: RollbackPeer | undefined): Promise<void> {
  if (!pc) return;
  if (pc.signalingState === 'have-local-offer') await pc.setLocalDescription({ type: 'rollback' });
  else if (pc.signalingState === 'have-remote-offer') await pc.setRemoteDescription({ type: 'rollback' });
  // A rollback keeps what setDirection asked for: back to what was last agreed.
  for (const transceiver of pc.getTransceivers()) {
    const agreed = transceiver.currentDirection;
    if (agreed && agreed !== 'stopped' && transceiver.direction !== agreed) transceiver.direction = agreed;
  }
}
