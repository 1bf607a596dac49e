import { useState } from 'preact/hooks';
import { durationSec, type HistoryEntry } from '@/lib/history/history-entry';
import { t } from '@/lib/i18n';
import { directionText, durationText, outcomeLabel, TEXT, whenText } from './history-text';
import { WrapUpForm } from './wrap-up-form';

export interface HistoryRowActions {
  repop(entry: HistoryEntry): Promise<void>;
  callBack(entry: HistoryEntry): Promise<void>;
  saveWrapUp(entry: HistoryEntry, disposition: string, note: string): Promise<void>;
  retryWebhook(entry: HistoryEntry): Promise<void>;
}

interface HistoryRowProps {
  entry: HistoryEntry;
  dispositions: readonly string[];
  now: number;
  /** The wrap-up starts open (the newest ended call not wrapped up yet). */
  wrapUpOpen: boolean;
  actions: HistoryRowActions;
}

/** One call: who, when, how it went; Open record, Call back, Copy number, Wrap-up. Values are PBX text: rendered as text. */
export function HistoryRow({ entry, dispositions, now, wrapUpOpen, actions }: HistoryRowProps) {
  const [open, setOpen] = useState(wrapUpOpen);
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const n = entry.notification;
  const duration = durationText(durationSec(entry));

  const run = (action: () => Promise<void>, done?: string) => {
    setBusy(true);
    setStatus(null);
    action()
      .then(() => done !== undefined && setStatus({ text: done, error: false }))
      .catch((e: unknown) => setStatus({ text: e instanceof Error ? e.message : String(e), error: true }))
      .finally(() => setBusy(false));
  };
  const copy = () =>
    run(async () => {
      try {
        await navigator.clipboard.writeText(n.number);
      } catch {
        throw new Error(TEXT.copyFailed);
      }
    }, TEXT.copied);

  return (
    <li class={`history__entry history__entry--${entry.outcome ?? 'live'}`} data-entry-id={entry.id} data-call-id={entry.callId} data-outcome={entry.outcome ?? 'live'}>
      <div class="history__line">
        <span class="history__number" data-field="number">
          {n.number || t('history.unknownNumber')}
        </span>
        <span class="history__outcome" data-field="outcome">
          {outcomeLabel(entry)}
        </span>
        <time class="history__when" dateTime={new Date(entry.startedAt).toISOString()}>
          {whenText(entry.startedAt, now)}
        </time>
      </div>
      <div class="history__details">
        {n.contactRef !== '' && <span data-field="contactRef">{t('history.contactRef', [n.contactRef])}</span>}
        {n.campaignRef !== null && <span data-field="campaignRef">{n.campaignRef}</span>}
        <span data-field="direction">{directionText(entry)}</span>
        {duration !== '' && <span data-field="duration">{duration}</span>}
        {n.callRef !== '' && <span data-field="callRef">{t('history.callRef', [n.callRef])}</span>}
        {entry.wrapUp?.disposition && <span data-field="disposition">{entry.wrapUp.disposition}</span>}
      </div>
      {entry.detail !== undefined && <p class="history__detail">{entry.detail}</p>}
      <div class="history__buttons">
        <button type="button" class="small" disabled={busy} onClick={() => run(() => actions.repop(entry))}>
          {TEXT.openRecord}
        </button>
        <button type="button" class="small" disabled={busy || n.number === ''} onClick={() => run(() => actions.callBack(entry))}>
          {TEXT.callBack}
        </button>
        <button type="button" class="small" disabled={busy || n.number === ''} onClick={copy}>
          {TEXT.copy}
        </button>
        {entry.outcome !== null && (
          <button type="button" class="small" aria-expanded={open} onClick={() => setOpen(!open)}>
            {TEXT.wrapUp}
          </button>
        )}
      </div>
      {status !== null && (
        <p class={status.error ? 'field__error' : 'history__status'} role={status.error ? 'alert' : 'status'} data-field="row-status">
          {status.text}
        </p>
      )}
      {open && entry.outcome !== null && (
        <WrapUpForm
          entry={entry}
          dispositions={dispositions}
          now={now}
          save={(d, note) => actions.saveWrapUp(entry, d, note)}
          retry={() => actions.retryWebhook(entry)}
        />
      )}
    </li>
  );
}
