import type { CallEndReason } from '@/lib/phone/types';

/**
 * The message key of each way a call ends, for the popup (t) and the caller panel (getMessage):
 * one table, so the two never name an outcome differently. Kept free of imports at run time: the
 * panel's content script carries it.
 */
export const OUTCOME_KEYS = {
  missed: 'outcome.missed',
  declined: 'outcome.declined',
  'agent-hung-up': 'outcome.agentHungUp',
  'answered-elsewhere': 'outcome.answeredElsewhere',
  'caller-hung-up': 'outcome.callerHungUp',
  failed: 'outcome.failed',
  // Outbound calls (the agent dialled).
  busy: 'outcome.busy',
  'no-answer': 'outcome.noAnswer',
  rejected: 'outcome.rejected',
  cancelled: 'outcome.cancelled',
  'remote-hung-up': 'outcome.remoteHungUp',
} as const satisfies Record<CallEndReason, string>;

export type OutcomeKey = (typeof OUTCOME_KEYS)[CallEndReason] | 'outcome.ended';
