import type { TransferInfo, TransferMode, TransferPhase, TransferStatus } from './types';

/**
 * State machine of one transfer of an active call (transfer.ts drives it).
 *
 * Blind (REFER to a URI; the outcome comes from the NOTIFYs' sipfrag, RFC 3515):
 * ```txt
 *  start ──> referring ──202 / NOTIFY 1xx──> trying ──NOTIFY 2xx──> accepted   (the call ends)
 *               │  └────────────NOTIFY 2xx──────────────────────────^
 *               └──REFER refused / NOTIFY >= 300 / timeout──> failed (the call stays connected)
 *                                         failed ──late NOTIFY 2xx──> accepted
 * ```
 * Attended (consult call while the original is on hold, then REFER with Replaces, RFC 5589 7.x):
 * ```txt
 *  start ──> holding ──hold answered──> dialing ──consult 200──> consulting ──complete()──> referring
 *               │                          │                        │                    │
 *               └─hold refused─> failed    └─no answer / cancel ─┐  └─target hung up / ──┤
 *                                                                v     cancel            │
 *   referring ──> trying ──NOTIFY 2xx──> accepted            resuming <──────────────────┘ (only when
 *        └────────┴──REFER refused / NOTIFY >= 300 ──> refused ──complete() again──> referring  the consult
 *                                                         └──cancel / consult ended──> resuming   ended)
 *   refused ──late NOTIFY 2xx──> accepted
 *   resuming ──resumed──> (cancelled: the field goes) | failed (the consult failed; says why)
 *   failed ──cancel() while still held──> resuming
 * ```
 * `refused` keeps the consult up and the caller on hold, so the agent can try Complete again or
 * Cancel. `accepted` is final. A new transfer may start when there is none or the last one failed
 * with the call off hold (canStartTransfer).
 */
type Phase = TransferPhase | 'cancelled';

const NEXT: Record<TransferMode, Partial<Record<TransferPhase, readonly Phase[]>>> = {
  blind: {
    referring: ['trying', 'accepted', 'failed'],
    trying: ['trying', 'accepted', 'failed'],
    // Our timeout gave up, but the REFER was not withdrawn: a late success is still a success.
    failed: ['accepted'],
  },
  attended: {
    // resuming: the consult call could not even be created (no connection to the PBX).
    holding: ['dialing', 'failed', 'resuming'],
    dialing: ['consulting', 'resuming'],
    consulting: ['referring', 'resuming'],
    referring: ['trying', 'accepted', 'refused'],
    trying: ['trying', 'accepted', 'refused'],
    // As for blind: a 2xx NOTIFY after our timeout still means the caller reached the target.
    refused: ['referring', 'resuming', 'accepted'],
    resuming: ['cancelled', 'failed'],
    failed: ['resuming'],
  },
};

export const FIRST_PHASE: Record<TransferMode, TransferPhase> = { blind: 'referring', attended: 'holding' };

export function canTransitionTransfer(mode: TransferMode, from: TransferPhase, to: Phase): boolean {
  return NEXT[mode][from]?.includes(to) ?? false;
}

/** `held`: whether the original call is still on hold from this transfer. */
export function canStartTransfer(current: TransferInfo | undefined, held: boolean): boolean {
  return current === undefined || (current.phase === 'failed' && !held);
}

export function statusOf(phase: TransferPhase): TransferStatus {
  if (phase === 'accepted') return 'accepted';
  return phase === 'failed' || phase === 'refused' ? 'failed' : 'pending';
}

/** Blind transfers cannot be withdrawn once the REFER is out (RFC 3515 has no way to cancel it). */
export function canCancelTransfer(current: TransferInfo | undefined, held: boolean): boolean {
  if (current?.mode !== 'attended') return false;
  if (current.phase === 'failed') return held;
  return current.phase === 'dialing' || current.phase === 'consulting' || current.phase === 'refused';
}
