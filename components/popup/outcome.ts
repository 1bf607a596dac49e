import type { CallSnapshot } from '@/lib/phone';

type OutcomeKey = 'outcome.missed' | 'outcome.declined' | 'outcome.agentHungUp' | 'outcome.answeredElsewhere' | 'outcome.callerHungUp' | 'outcome.failed' | 'outcome.ended'
  | 'outcome.busy' | 'outcome.noAnswer' | 'outcome.rejected' | 'outcome.cancelled' | 'outcome.remoteHungUp';

const KEYS: Record<NonNullable<CallSnapshot['endReason']>, OutcomeKey> = {
  missed: 'outcome.missed',
  declined: 'outcome.declined',
  'agent-hung-up': 'outcome.agentHungUp',
  'answered-elsewhere': 'outcome.answeredElsewhere',
  'caller-hung-up': 'outcome.callerHungUp',
  failed: 'outcome.failed',
  busy: 'outcome.busy',
  'no-answer': 'outcome.noAnswer',
  rejected: 'outcome.rejected',
  cancelled: 'outcome.cancelled',
  'remote-hung-up': 'outcome.remoteHungUp',
};

/** The message key of an ended call's outcome ('Missed call', 'Answered elsewhere', …). */
export function outcomeKey(reason: CallSnapshot['endReason']): OutcomeKey {
  return reason === undefined ? 'outcome.ended' : KEYS[reason];
}
