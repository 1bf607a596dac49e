import { describe, expect, it, vi } from 'vitest';
import { rollbackOffer, type RollbackPeer } from '@/lib/phone-host/rollback-offer';

function peer(signalingState: RTCSignalingState, direction: RTCRtpTransceiverDirection, currentDirection: RTCRtpTransceiverDirection | null) {
  const transceiver = { direction, currentDirection };
  const pc = {
    signalingState,
    setLocalDescription: vi.fn(async () => {}),
    setRemoteDescription: vi.fn(async () => {}),
    getTransceivers: () => [transceiver],
  };
  return { pc: pc as unknown as RollbackPeer & typeof pc, transceiver };
}

describe('rollbackOffer (refused re-INVITE, Web media handler)', () => {
  it('rolls a local offer back and restores the agreed direction (a refused hold: sendonly -> sendrecv)', async () => {
    const { pc, transceiver } = peer('have-local-offer', 'sendonly', 'sendrecv');
    await rollbackOffer(pc);
    expect(pc.setLocalDescription).toHaveBeenCalledWith({ type: 'rollback' });
    expect(transceiver.direction).toBe('sendrecv');
  });

  it('a refused resume stays held (sendrecv asked, sendonly agreed)', async () => {
    const { pc, transceiver } = peer('have-local-offer', 'sendrecv', 'sendonly');
    await rollbackOffer(pc);
    expect(transceiver.direction).toBe('sendonly');
  });

  it('rolls a remote offer back; a stable connection or none is left alone', async () => {
    const remote = peer('have-remote-offer', 'sendrecv', 'sendrecv');
    await rollbackOffer(remote.pc);
    expect(remote.pc.setRemoteDescription).toHaveBeenCalledWith({ type: 'rollback' });
    const stable = peer('stable', 'sendrecv', 'sendrecv');
    await rollbackOffer(stable.pc);
    expect(stable.pc.setLocalDescription).not.toHaveBeenCalled();
    await expect(rollbackOffer(undefined)).resolves.toBeUndefined();
  });
});
