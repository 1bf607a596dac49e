import type { HistoryEntry, HistoryOutcome, WebhookDelivery } from '@/lib/history/history-entry';
import { t } from '@/lib/i18n';

/**
 * The history's wording (locales/*.yml, `history.*`). Getters: each read asks the browser's i18n
 * then, not once when the module loads.
 */
export const TEXT = {
  get title() { return t('history.title'); },
  get empty() { return t('history.empty'); },
  get openRecord() { return t('history.openRecord'); },
  get callBack() { return t('history.callBack'); },
  get copy() { return t('history.copy'); },
  get copied() { return t('history.copied'); },
  get copyFailed() { return t('history.copyFailed'); },
  get wrapUp() { return t('history.wrapUp'); },
  get download() { return t('history.download'); },
  get clear() { return t('history.clear'); },
  get clearConfirm() { return t('history.clearConfirm'); },
  get disposition() { return t('history.disposition'); },
  get noDisposition() { return t('history.noDisposition'); },
  get note() { return t('history.note'); },
  get save() { return t('history.save'); },
  get saved() { return t('history.saved'); },
  get retry() { return t('history.retry'); },
  get storedLocally() { return t('history.storedLocally'); },
  get noDial() { return t('history.noDial'); },
  get live() { return t('history.live'); },
  missed: (n: number) => t('history.missed', [String(n)]),
};

const OUTCOME_KEYS = {
  answered: 'history.outcome.answered',
  missed: 'history.outcome.missed',
  declined: 'history.outcome.declined',
  'answered-elsewhere': 'history.outcome.answeredElsewhere',
  'connected-elsewhere': 'history.outcome.connectedElsewhere',
  'no-answer': 'history.outcome.noAnswer',
  failed: 'history.outcome.failed',
} as const satisfies Record<HistoryOutcome, string>;

export function outcomeLabel(entry: Pick<HistoryEntry, 'outcome' | 'answeredAt'>): string {
  if (entry.outcome === null) return entry.answeredAt === undefined ? t('history.ringing') : TEXT.live;
  return t(OUTCOME_KEYS[entry.outcome]);
}

/** 'Inbound', 'Outbound · bridge'. */
export function directionText(entry: Pick<HistoryEntry, 'direction' | 'source'>): string {
  const direction = t(entry.direction === 'outbound' ? 'history.outbound' : 'history.inbound');
  return entry.source === 'bridge' ? t('history.viaBridge', [direction]) : direction;
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
  const error = delivery.lastError ?? t('history.webhook.unknownError');
  switch (delivery.state) {
    case 'sent':
      return t('history.webhook.sent');
    case 'failed':
      return t('history.webhook.gaveUp', [error, String(delivery.attempts)]);
    case 'pending': {
      if (delivery.attempts === 0) return t('history.webhook.sending');
      const wait = Math.max(0, Math.ceil(((delivery.nextAt ?? now) - now) / 1000));
      return wait > 0 ? t('history.webhook.retryingIn', [error, String(wait)]) : t('history.webhook.retrying', [error]);
    }
  }
}
