import { MAX_ENTRIES, type HistoryData } from './history-entry';

export interface Retention {
  /** Calls older than this many days (by their start) are dropped. */
  days: number;
  /** At most this many calls, the newest. */
  maxCalls: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The history within the retention: newest first, at most `maxCalls` (and MAX_ENTRIES), none
 * started more than `days` ago. A live call (no outcome yet) is always kept: its entry is still
 * being written; so is a wrap-up whose webhook is still to be delivered. Returns the same object when nothing goes.
 */
export function applyRetention(data: HistoryData, { days, maxCalls }: Retention, now: number): HistoryData {
  const oldest = now - days * DAY_MS;
  const cap = Math.min(Math.max(0, Math.floor(maxCalls)), MAX_ENTRIES);
  let kept = 0;
  const entries = data.entries.filter((entry) => {
    if (entry.outcome === null || entry.wrapUp?.webhook?.state === 'pending') return true;
    if (entry.startedAt < oldest || kept >= cap) return false;
    kept += 1;
    return true;
  });
  return entries.length === data.entries.length ? data : { ...data, entries };
}
