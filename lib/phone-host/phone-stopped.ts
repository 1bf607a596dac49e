import type { PhoneState } from './phone-state';

/**
 * The last word about a phone whose page is going away (Chrome's offscreen document closed or
 * crashed): its SIP calls went with it, so none may stay on screen ringing with an Answer
 * button, or active with a Hang up that reaches nobody. Each live SIP call ends as 'failed',
 * 'the phone stopped', and the registration says it is being restored (the worker recreates the
 * page, which registers again). Bridge calls are on another device and stay as they are.
 */
export const PHONE_STOPPED = 'the phone stopped';

export function phoneStoppedState(state: PhoneState, now: number): PhoneState {
  return {
    ...state,
    registration: { state: 'reconnecting', ...(state.registration.ext ? { ext: state.registration.ext } : {}), reason: PHONE_STOPPED, since: now },
    calls: state.calls.map((call) =>
      call.source === 'sip' && isLiveState(call.state)
        ? { ...call, state: 'ended', endReason: 'failed', endDetail: PHONE_STOPPED, endedAt: now }
        : call,
    ),
  };
}

/** Whether the state has a SIP call the page's death would leave stale. */
export function hasLiveSipCall(state: PhoneState): boolean {
  return state.calls.some((c) => c.source === 'sip' && isLiveState(c.state));
}

/** Ringing, dialing out (an outbound call) or on the call: held by the phone's page. */
function isLiveState(state: PhoneState['calls'][number]['state']): boolean {
  return state === 'ringing' || state === 'dialing' || state === 'active';
}
