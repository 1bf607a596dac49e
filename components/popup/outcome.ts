import type { CallSnapshot } from '@/lib/phone';
import { OUTCOME_KEYS, type OutcomeKey } from '@/lib/i18n/outcome-keys';

/** The message key of an ended call's outcome ('Missed call', 'Answered elsewhere', …). */
export function outcomeKey(reason: CallSnapshot['endReason']): OutcomeKey {
  return reason === undefined ? 'outcome.ended' : OUTCOME_KEYS[reason];
}
