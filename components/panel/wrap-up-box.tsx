import { useEffect, useRef, useState } from 'preact/hooks';
import type { WrapUpStatus } from '@/lib/history/history-entry';
import { msg } from '@/lib/content/panel-i18n';
import type { PanelCall } from '@/lib/screen-pop/panel-view';
import { useInputGate } from './input-gate';
import type { PanelActions } from './panel-actions';
import { useAction } from './use-action';
import { useNow } from './use-now';

const TEXT = {
  get disposition() { return msg('panel.wrapUpBox.disposition'); },
  get none() { return msg('panel.wrapUpBox.none'); },
  get note() { return msg('panel.wrapUpBox.note'); },
  get save() { return msg('panel.wrapUpBox.save'); },
  get saved() { return msg('panel.wrapUpBox.saved'); },
  get sent() { return msg('panel.wrapUpBox.sent'); },
  closesIn: (s: number) => msg('panel.wrapUpBox.closesIn', [String(s)]),
  failed: (error: string | undefined, retrying: boolean) =>
    msg(retrying ? 'panel.wrapUpBox.failedRetrying' : 'panel.wrapUpBox.failed', [error ?? msg('panel.wrapUpBox.unknownError')]),
};

/** How often, and how long, the panel asks again while the webhook is being retried. */
const POLL_MS = 3_000;
const MAX_POLLS = 40;

/**
 * The wrap-up in the caller panel (ended calls, and bridge calls on another device): the admin's
 * dispositions and a note, saved into the history by the worker ('call/wrap-up'), with the
 * disposition webhook's outcome. With a wrap-up timer set, an ended call's panel closes by itself
 * that many seconds after the end (what the agent chose is saved first), but never while the agent
 * is in the form. Messages: locales/*.yml `panel.wrapUpBox.*` (msg, no locale machinery in the content script).
 */
export function WrapUpBox({ call, actions }: { call: PanelCall; actions: PanelActions }) {
  const [status, setStatus] = useState<WrapUpStatus | null>(null);
  const [disposition, setDisposition] = useState('');
  const [note, setNote] = useState('');
  const [focused, setFocused] = useState(false);
  const { busy, error, run } = useAction();
  const timedOut = useRef(false);
  const polls = useRef(0);
  const now = useNow(true);
  const id = call.id;

  const refresh = async (fill: boolean) => {
    const next = await actions.wrapUpStatus!(id);
    setStatus(next);
    if (fill && next.wrapUp) {
      setDisposition(next.wrapUp.disposition);
      setNote(next.wrapUp.note);
    }
  };
  useEffect(() => void refresh(true).catch(() => {}), [id]);

  // Saved or retried from the popup meanwhile: the agent coming back to this tab sees where the
  // webhook stands. Only the browser's own focus and visibility events (a page can fire its own).
  const gate = useInputGate();
  useEffect(() => {
    const win = typeof window === 'undefined' ? undefined : window;
    if (!win) return;
    const back = (event: Event) => {
      if (gate(event) && win.document.visibilityState === 'visible') void refresh(false).catch(() => {});
    };
    win.addEventListener('focus', back);
    win.document.addEventListener('visibilitychange', back);
    return () => {
      win.removeEventListener('focus', back);
      win.document.removeEventListener('visibilitychange', back);
    };
  }, [id]);

  const webhook = status?.wrapUp?.webhook;
  const retrying = webhook?.state === 'pending' && webhook.attempts > 0;
  useEffect(() => {
    if (!retrying) return;
    const timer = setInterval(() => {
      if (++polls.current > MAX_POLLS) clearInterval(timer);
      else void refresh(false).catch(() => {});
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [retrying]);

  const save = async () => {
    const wrapUp = await actions.wrapUp!(id, disposition, note);
    polls.current = 0;
    setStatus((s) => (s === null ? s : { ...s, wrapUp }));
  };

  const saved = status?.wrapUp ?? null;
  const dirty = disposition !== (saved?.disposition ?? '') || note.trim() !== (saved?.note ?? '');
  const deadline = call.state === 'ended' && status !== null && status.timerSec > 0 ? (call.endedAt ?? call.ringingAt) + status.timerSec * 1000 : null;
  useEffect(() => {
    if (deadline === null || now < deadline || focused || busy || timedOut.current) return;
    timedOut.current = true;
    void (async () => {
      if (dirty) await save().catch(() => {});
      await actions.dismiss(id);
    })().catch(() => {});
  }, [now, deadline, focused, busy]);

  if (status === null) return null;
  return (
    <form
      class="wrap-up"
      data-part="wrap-up"
      onFocusIn={() => setFocused(true)}
      onFocusOut={() => setFocused(false)}
      onSubmit={(e) => e.preventDefault()}
    >
      {status.dispositions.length > 0 && (
        <label class="wrap-up__row">
          <span>{TEXT.disposition}</span>
          <select name="disposition" value={disposition} onChange={(e) => setDisposition(e.currentTarget.value)}>
            <option value="">{TEXT.none}</option>
            {[...new Set([...(saved?.disposition ? [saved.disposition] : []), ...status.dispositions])].map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
      )}
      <label class="wrap-up__row">
        <span>{TEXT.note}</span>
        <textarea name="note" rows={2} maxLength={1_000} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </label>
      <div class="wrap-up__row">
        <button type="button" disabled={busy} onClick={run(save)}>
          {TEXT.save}
        </button>
        {saved !== null && !dirty && <span data-field="wrap-up-saved">{webhook?.state === 'sent' ? TEXT.sent : TEXT.saved}</span>}
        {deadline !== null && !focused && <span data-field="wrap-up-timer">{TEXT.closesIn(Math.max(0, Math.ceil((deadline - now) / 1000)))}</span>}
      </div>
      {webhook !== undefined && webhook.state !== 'sent' && webhook.attempts > 0 && (
        <p class="error" data-field="webhook-status" role="alert">
          {TEXT.failed(webhook.lastError, webhook.state === 'pending')}
        </p>
      )}
      {error !== null && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
