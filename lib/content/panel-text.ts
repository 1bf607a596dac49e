import type { PanelCall } from '@/lib/screen-pop/panel-view';

/**
 * The caller panel's wording, kept apart from the components so the e2e tests, the demo and the
 * unit tests agree on one set of strings.
 */

/** Queue wait as the agent reads it: 'waited 42 s', 'waited 2 min 5 s', '—' when unknown. */
export function waitedText(holdTimeSec: number | null): string {
  if (holdTimeSec === null || !Number.isFinite(holdTimeSec) || holdTimeSec < 0) return '—';
  const sec = Math.floor(holdTimeSec);
  if (sec < 60) return `waited ${sec} s`;
  const min = Math.floor(sec / 60);
  const rest = sec % 60;
  return rest === 0 ? `waited ${min} min` : `waited ${min} min ${rest} s`;
}

/** Talk time as m:ss (minutes keep counting past 59: a call-centre call rarely lasts an hour). */
export function timerText(elapsedMs: number): string {
  const total = Math.max(0, Math.floor(elapsedMs / 1000));
  const sec = total % 60;
  return `${Math.floor(total / 60)}:${sec < 10 ? '0' : ''}${sec}`;
}

const OUTCOMES: Record<NonNullable<PanelCall['endReason']>, string> = {
  missed: 'Missed call',
  declined: 'Declined',
  'agent-hung-up': 'Call ended',
  'answered-elsewhere': 'Answered elsewhere',
  'caller-hung-up': 'Caller hung up',
  failed: 'Call failed',
  // Outbound calls (the agent dialled).
  busy: 'Busy',
  'no-answer': 'No answer',
  rejected: 'Call rejected',
  cancelled: 'Call cancelled',
  'remote-hung-up': 'The other side hung up',
};

/** The title of an outbound call still dialing: 'Ringing…' once the far end alerts. */
export function dialingText(call: Pick<PanelCall, 'remoteRinging'>): string {
  return call.remoteRinging === true ? 'Ringing…' : 'Calling…';
}

/** The wrap-up status line of an ended call. */
export function outcomeText(call: Pick<PanelCall, 'endReason' | 'endDetail'>): string {
  if (call.endReason === undefined) return 'Call ended';
  const text = OUTCOMES[call.endReason];
  const detailed = call.endReason === 'failed' || call.endReason === 'rejected';
  return detailed && call.endDetail ? `${text}: ${call.endDetail}` : text;
}

/** A field value for display: empty values show a dash so the row does not collapse. */
export function fieldText(value: string | null): string {
  return value === null || value === '' ? '—' : value;
}
