import type { CallSnapshot } from '@/lib/phone';
import type { HistoryEntry, HistoryOutcome } from './history-entry';

/**
 * A snapshot's outcome for the history, or null while the call is live.
 *
 *   bridge call (state 'connected')            connected-elsewhere
 *   ended: caller-hung-up / agent-hung-up      answered
 *   ended: missed                              missed (outbound: no-answer)
 *   ended: declined                            declined
 *   ended: answered-elsewhere                  answered-elsewhere
 *   ended: failed                              failed
 *   ended: remote-hung-up (outbound)           answered
 *   ended: rejected (outbound)                 declined
 *   ended: busy, no-answer, cancelled (out)    no-answer
 *   ended without a reason (an older phone)    answered if it was answered, else missed
 */
export function outcomeOf(call: CallSnapshot): HistoryOutcome | null {
  if (call.source === 'bridge') return 'connected-elsewhere';
  if (call.state !== 'ended') return null;
  switch (call.endReason) {
    case 'caller-hung-up':
    case 'agent-hung-up':
      return 'answered';
    case 'missed':
      return directionOf(call) === 'outbound' ? 'no-answer' : 'missed';
    case 'declined':
      return 'declined';
    case 'answered-elsewhere':
      return 'answered-elsewhere';
    case 'failed':
      return 'failed';
    // An outbound call's own ends (outbound-call-state.ts): talked, or not reached.
    case 'remote-hung-up':
      return 'answered';
    case 'rejected':
      return 'declined';
    case 'busy':
    case 'no-answer':
    case 'cancelled':
      return call.answeredAt !== undefined ? 'answered' : 'no-answer';
    case undefined:
      return call.answeredAt !== undefined ? 'answered' : directionOf(call) === 'outbound' ? 'no-answer' : 'missed';
  }
}

/**
 * An entry whose call left the phone's list while the history still had it live (a worker that
 * slept through its end, a phone page that was replaced): answered if it was, else missed.
 */
export function lostOutcome(entry: Pick<HistoryEntry, 'answeredAt' | 'direction'>): HistoryOutcome {
  if (entry.answeredAt !== undefined) return 'answered';
  return entry.direction === 'outbound' ? 'no-answer' : 'missed';
}

/**
 * The call's direction: the snapshot's own (outbound calls placed by Phone.dial carry one, an
 * optional field of the shared contract), else what the notification says.
 */
export function directionOf(call: CallSnapshot): HistoryEntry['direction'] {
  const own = (call as CallSnapshot & { direction?: unknown }).direction;
  if (own === 'inbound' || own === 'outbound') return own;
  return call.notification.direction;
}
