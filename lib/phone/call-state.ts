import type { CallEndReason, CallState } from './types';

/**
 * State machine of one inbound call.
 *
 * ```txt
 *            accept() + ACK
 *  ringing ─────────────────> active
 *     │                         │
 *     │ missed (CANCEL, no      │ caller-hung-up (BYE from caller)
 *     │   answer, busy)         │ agent-hung-up (hangup())
 *     │ answered-elsewhere      │ failed (media / transport)
 *     │   (CANCEL cause=200)    │
 *     │ declined (reject())     │
 *     │ failed                  │
 *     v                         v
 *   ended <─────────────────────┘      ended is final
 * ```
 * An end reason is only valid from the state that can produce it: a ringing call cannot be
 * "hung up" and an answered one cannot be "missed".
 *
 * Inside 'active', the hold sub-state (hold-state.ts, CallSnapshot.hold; absent = talking),
 * moved only by the answer to our re-INVITE:
 *
 * ```txt
 *   talking ──hold()──▶ holding ──2xx (a=recvonly/inactive)──▶ held
 *      ▲                   │ non-2xx / timeout: back, holdError      │ resume()
 *      │                   ▼                                        ▼
 *      └──────────────── talking          held ◀── non-2xx ──── resuming
 *      └──────────────────────────── 2xx (a=sendrecv) ──────────────┘
 * ```
 * Hold and resume are refused unless the call is active, and while a re-INVITE is pending.
 * A call may end from any hold sub-state (BYE while held is an ordinary hang-up).
 * `remoteHold`: the caller's re-INVITE offered sendonly/inactive (they hold us): shown only.
 */
const END_REASONS_FROM: Record<Exclude<CallState, 'ended'>, readonly CallEndReason[]> = {
  ringing: ['missed', 'answered-elsewhere', 'declined', 'failed'],
  active: ['caller-hung-up', 'agent-hung-up', 'failed'],
  // A bridge call (lib/phone-host/bridge-calls.ts) is never the phone's: it is dropped, not ended.
  connected: [],
  // An outbound call is never in this machine: outbound-call-state.ts.
  dialing: [],
};

export type CallTransition = { to: 'active' } | { to: 'ended'; reason: CallEndReason };

export function canTransitionCall(from: CallState, transition: CallTransition): boolean {
  if (from === 'ended') return false;
  if (transition.to === 'active') return from === 'ringing';
  return END_REASONS_FROM[from].includes(transition.reason);
}

/** A ringing or active call still holds the line: a second INVITE gets 486 Busy Here. */
export function isLive(state: CallState): boolean {
  return state !== 'ended';
}
