import { useState } from 'preact/hooks';
import { MAX_NOTE_LENGTH, type HistoryEntry } from '@/lib/history/history-entry';
import { TEXT, webhookText } from './history-text';

interface WrapUpFormProps {
  entry: HistoryEntry;
  dispositions: readonly string[];
  now: number;
  save(disposition: string, note: string): Promise<void>;
  retry(): Promise<void>;
}

/**
 * The wrap-up of one call in the popup: the admin's dispositions, a note, Save; and where the
 * disposition webhook stands (sent, retrying with the reason, given up) with Retry. The stored
 * wrap-up comes back through the history the popup watches, so the status updates by itself.
 */
export function WrapUpForm({ entry, dispositions, now, save, retry }: WrapUpFormProps) {
  const saved = entry.wrapUp;
  const [disposition, setDisposition] = useState(saved?.disposition ?? '');
  const [note, setNote] = useState(saved?.note ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = `wrap-${entry.id}`;
  // A disposition saved before the admin changed the list still shows.
  const choices = saved?.disposition && !dispositions.includes(saved.disposition) ? [saved.disposition, ...dispositions] : dispositions;

  const run = (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    action()
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setBusy(false));
  };
  const webhook = saved?.webhook;
  return (
    <form
      class="wrap-up"
      data-part="wrap-up"
      onSubmit={(e) => {
        e.preventDefault();
        run(() => save(disposition, note));
      }}
    >
      {choices.length > 0 && (
        <div class="field">
          <label for={`${id}-disposition`}>{TEXT.disposition}</label>
          <select id={`${id}-disposition`} name="disposition" value={disposition} onChange={(e) => setDisposition(e.currentTarget.value)}>
            <option value="">{TEXT.noDisposition}</option>
            {choices.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </div>
      )}
      <div class="field">
        <label for={`${id}-note`}>{TEXT.note}</label>
        <textarea id={`${id}-note`} name="note" rows={2} maxLength={MAX_NOTE_LENGTH} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </div>
      <div class="wrap-up__actions">
        <button type="submit" disabled={busy}>
          {TEXT.save}
        </button>
        {saved !== undefined && !busy && error === null && <span data-field="wrap-up-saved">{TEXT.saved}</span>}
      </div>
      {webhook !== undefined && (
        <p class={`wrap-up__webhook wrap-up__webhook--${webhook.state}`} data-field="webhook-status" data-state={webhook.state} role="status">
          {webhookText(webhook, now)}
          {webhook.state !== 'sent' && webhook.attempts > 0 && (
            <button type="button" class="small" disabled={busy} onClick={() => run(retry)}>
              {TEXT.retry}
            </button>
          )}
        </p>
      )}
      {error !== null && (
        <p class="field__error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
