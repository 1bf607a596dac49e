import type { HistoryEntry, HistoryOutcome, WebhookDelivery } from '@/lib/history/history-entry';

/** The history's wording in one place (the `ui` helper moves it into the locale files). */
export const TEXT = {
  title: 'Recent calls',
  empty: 'No calls yet.',
  missed: (n: number) => (n === 1 ? '1 missed' : `${n} missed`),
  openRecord: 'Open record',
  callBack: 'Call back',
  copy: 'Copy number',
  copied: 'Copied',
  copyFailed: 'Could not copy',
  wrapUp: 'Wrap-up',
  download: 'Download CSV',
  clear: 'Clear history',
  clearConfirm: 'Clear the call history on this computer?',
  disposition: 'Disposition',
  noDisposition: '(none)',
  note: 'Note',
  save: 'Save wrap-up',
  saved: 'Saved',
  retry: 'Retry',
  storedLocally: 'Kept on this computer only.',
  noDial: 'Calling back needs outbound calling, which this version of the extension does not have yet.',
  live: 'In progress',
} as const;

export const OUTCOME_TEXT: Record<HistoryOutcome, string> = {
  answered: 'Answered',
  missed: 'Missed',
  declined: 'Declined',
  'answered-elsewhere': 'Answered elsewhere',
  'connected-elsewhere': 'Connected on another device',
  'no-answer': 'No answer',
  failed: 'Failed',
};

export function outcomeLabel(entry: Pick<HistoryEntry, 'outcome' | 'answeredAt'>): string {
  if (entry.outcome === null) return entry.answeredAt === undefined ? 'Ringing' : TEXT.live;
  return OUTCOME_TEXT[entry.outcome];
}

/** '14:05' today, '2 Dec 14:05' before. */
export function whenText(at: number, now: number): string {
  const d = new Date(at);
  const time = d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return new Date(now).toDateString() === d.toDateString() ? time : `${d.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })} ${time}`;
}

/** '0:45', '12:03'; '' when unknown. */
export function durationText(sec: number | null): string {
  if (sec === null) return '';
  return `${Math.floor(sec / 60)}:${String(sec % 60).padStart(2, '0')}`;
}

export function webhookText(delivery: WebhookDelivery, now: number): string {
  switch (delivery.state) {
    case 'sent':
      return 'Sent to the CRM';
    case 'failed':
      return `Webhook failed: ${delivery.lastError ?? 'unknown error'} (gave up after ${delivery.attempts} tries)`;
    case 'pending': {
      if (delivery.attempts === 0) return 'Sending…';
      const wait = Math.max(0, Math.ceil(((delivery.nextAt ?? now) - now) / 1000));
      return `Webhook failed: ${delivery.lastError ?? 'unknown error'}; retrying${wait > 0 ? ` in ${wait} s` : ''}`;
    }
  }
}
