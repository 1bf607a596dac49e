import { useEffect, useState } from 'preact/hooks';
import { dialBack } from '@/lib/history/call-back';
import { historyCsv } from '@/lib/history/csv';
import { EMPTY_HISTORY, unseenMissed, type HistoryData, type HistoryEntry } from '@/lib/history/history-entry';
import { watchHistory } from '@/lib/history/history-store';
import { sendMessage } from '@/lib/messages';
import { loadSettings, watchSettings } from '@/lib/settings';
import { HistoryRow, type HistoryRowActions } from './history-row';
import { TEXT } from './history-text';

/** How long after its end a call's wrap-up opens by itself in the popup. */
const RECENT_MS = 10 * 60_000;

const actions: HistoryRowActions = {
  repop: (entry) => sendMessage('history/repop', { entryId: entry.id }),
  async callBack(entry) {
    const result = await dialBack(entry.notification.number);
    if (!result.ok) throw new Error(result.unavailable ? TEXT.noDial : result.error);
  },
  async saveWrapUp(entry, disposition, note) {
    await sendMessage('call/wrap-up', { entryId: entry.id, disposition, note });
  },
  async retryWebhook(entry) {
    await sendMessage('history/retry-webhook', { entryId: entry.id });
  },
};

/**
 * The last calls in the popup (the worker's history in storage.local, watched live): missed calls
 * leave the badge once shown here. CSV download and Clear history below the list.
 */
export function CallHistory() {
  const [data, setData] = useState<HistoryData | null>(null);
  const [dispositions, setDispositions] = useState<readonly string[]>([]);
  const [now, setNow] = useState(Date.now());
  const [error, setError] = useState<string | null>(null);

  useEffect(() => watchHistory(setData), []);
  useEffect(() => {
    void loadSettings().then(({ settings }) => setDispositions(settings.dispositions));
    return watchSettings(({ settings }) => setDispositions(settings.dispositions));
  }, []);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  // Shown is seen: the badge's missed-call count goes (also for calls missed while it is open).
  const unseen = data === null ? 0 : unseenMissed(data);
  useEffect(() => {
    if (unseen > 0) void sendMessage('history/seen').catch(() => {});
  }, [unseen]);

  const entries = (data ?? EMPTY_HISTORY).entries;
  const openWrapUp = entries.find((e) => e.outcome !== null && e.wrapUp === undefined && now - (e.endedAt ?? e.startedAt) < RECENT_MS);
  const missed = entries.filter((e) => e.outcome === 'missed').length;

  const clear = () => {
    if (!confirm(TEXT.clearConfirm)) return;
    sendMessage('history/clear').catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };

  return (
    <section class="history" data-part="history" aria-labelledby="history-title">
      <h2 id="history-title">
        {TEXT.title}
        {missed > 0 && <span class="history__missed"> · {TEXT.missed(missed)}</span>}
      </h2>
      {data !== null && entries.length === 0 && <p class="history__empty">{TEXT.empty}</p>}
      <ul class="history__list">
        {entries.map((entry) => (
          <HistoryRow key={entry.id} entry={entry} dispositions={dispositions} now={now} wrapUpOpen={entry === openWrapUp} actions={actions} />
        ))}
      </ul>
      <div class="history__footer">
        <button type="button" class="small" disabled={entries.length === 0} onClick={() => download(entries, now)}>
          {TEXT.download}
        </button>
        <button type="button" class="small" disabled={entries.length === 0} onClick={clear}>
          {TEXT.clear}
        </button>
        <span class="history__privacy">{TEXT.storedLocally}</span>
      </div>
      {error !== null && (
        <p class="field__error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

function download(entries: readonly HistoryEntry[], now: number): void {
  // The byte order mark makes Excel read the file as UTF-8 (names with accents, emoji).
  const blob = new Blob(['\uFEFF', historyCsv(entries)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `teleforge-calls-${new Date(now).toISOString().slice(0, 10)}.csv`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
