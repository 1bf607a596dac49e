import type { CallEndReason, CallState } from './types';

/**
 * State machine of one outbound call (Phone.dial), beside the inbound one in call-state.ts.
 *
 * ```txt
 *            200 OK + ACK
 *  dialing ─────────────────> active
 *     │  (180/183: remoteRinging) │
 *     │ busy      (486, 600)      │ remote-hung-up (BYE from the far end)
 *     │ no-answer (408, 480, 487  │ agent-hung-up  (hangup())
 *     │            not ours)      │ failed         (media / transport)
 *     │ rejected  (603, 403, 404, │
 *     │            other 4xx-6xx) │
 *     │ cancelled (agent's CANCEL)│
 *     │ failed                    │
 *     v                           v
 *   ended <───────────────────────┘      ended is final
 * ```
 * The inbound states (ringing, connected) are never an outbound call's.
 */
type OutboundState = Extract<CallState, 'dialing' | 'active' | 'ended'>;

const END_REASONS_FROM: Record<Exclude<OutboundState, 'ended'>, readonly CallEndReason[]> = {
  dialing: ['busy', 'no-answer', 'rejected', 'cancelled', 'failed'],
  active: ['remote-hung-up', 'agent-hung-up', 'failed'],
};

export type OutboundTransition = { to: 'active' } | { to: 'ended'; reason: CallEndReason };

export function canTransitionOutbound(from: CallState, transition: OutboundTransition): boolean {
  if (from !== 'dialing' && from !== 'active') return false;
  if (transition.to === 'active') return from === 'dialing';
  return END_REASONS_FROM[from].includes(transition.reason);
}

/**
 * The end reason of an outbound call refused with `statusCode` (RFC 3261 §21). 487 Request
 * Terminated answers our own CANCEL (the caller then knows it cancelled) or a PBX giving up
 * after its ring timeout: without our CANCEL it is no answer.
 */
export function outboundFailureReason(statusCode: number): Extract<CallEndReason, 'busy' | 'no-answer' | 'rejected' | 'failed'> {
  if (statusCode === 486 || statusCode === 600) return 'busy';
  if (statusCode === 408 || statusCode === 480 || statusCode === 487) return 'no-answer';
  if (statusCode === 603 || (statusCode >= 400 && statusCode < 700 && statusCode !== 401 && statusCode !== 407)) {
    // 5xx is the PBX's or the far end's failure, not a person's refusal.
    return statusCode >= 500 && statusCode < 600 ? 'failed' : 'rejected';
  }
  return 'failed';
}
