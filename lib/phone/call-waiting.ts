import { isLive } from './call-state';
import type { CallSnapshot, CallWaitingMode } from './types';

/**
 * Call waiting: what a new INVITE gets while other calls are live.
 * - none live: it rings;
 * - 'busy' (the setting): 486 Busy Here, as before call waiting existed;
 * - 'ring': it rings softly beside an answered call, so the agent can hold one and take the
 *   other. Never two ringing at once (the agent has one pair of hands; the second gets 486),
 *   never more than MAX_LIVE_CALLS live, and never beside an outbound call (it has no hold yet).
 */
export const MAX_LIVE_CALLS = 2;

export function admitIncoming(calls: readonly CallSnapshot[], mode: CallWaitingMode): 'ring' | 'busy' {
  const live = calls.filter((c) => isLive(c.state));
  if (live.length === 0) return 'ring';
  if (mode === 'busy' || live.length >= MAX_LIVE_CALLS) return 'busy';
  // An outbound call (dialing, or answered) cannot be held yet (outbound-call.ts), so a call
  // beside it could not be taken: it gets 486 as before call waiting.
  return live.some((c) => c.state === 'ringing' || c.state === 'dialing' || c.direction === 'outbound') ? 'busy' : 'ring';
}

/** A call ringing while another is answered: rung softly, and popped only once answered. */
export function isWaitingCall(call: CallSnapshot, calls: readonly CallSnapshot[]): boolean {
  return call.state === 'ringing' && calls.some((c) => c.id !== call.id && c.source === call.source && c.state === 'active');
}
