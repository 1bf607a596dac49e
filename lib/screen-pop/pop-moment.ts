import { isWaitingCall } from '@/lib/phone/call-waiting';
import type { CallSnapshot } from '@/lib/phone';
import type { Settings } from '@/lib/settings/schema';

/**
 * When a SIP call's record pops by itself (still at most once per call: pop-memory's `popped`).
 * - popOn 'ring': when it starts ringing, unless it is a waiting call (ringing beside an answered
 *   one): popping it then would take the CRM page away from the caller the agent is talking to.
 * - popOn 'answer', and a waiting call under 'ring': when it becomes active, i.e. the call the
 *   agent talks on. Resuming a held call does not pop it again.
 * - popOn 'off': never; an outbound call (the agent dialled it): never by itself.
 * `fresh`: the call is new to the screen pop; `momentCame`: its pop moment was already reached.
 * A pure rule, so lib/screen-pop/coordinator.ts only asks it (bridge calls keep their own rule there).
 */
export function popMoment(
  call: CallSnapshot,
  calls: readonly CallSnapshot[],
  popOn: Settings['popOn'],
  { fresh, momentCame }: { fresh: boolean; momentCame: boolean },
): 'ring' | 'answer' | null {
  if (popOn === 'off' || call.source !== 'sip' || momentCame) return null;
  // An outbound call never pops by itself: the agent dialled it from the record on screen, or from
  // the dial pad with a record of their choosing; popping would navigate away from it. 'Open
  // record' in its panel or the popup still pops it.
  if (call.direction === 'outbound') return null;
  if (call.state === 'ringing') return popOn === 'ring' && fresh && !isWaitingCall(call, calls) ? 'ring' : null;
  if (call.state === 'active' && call.answeredAt !== undefined) return 'answer';
  return null;
}
