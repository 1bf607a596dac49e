import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { lazyItem, type StoredValue } from './pop-memory';

/**
 * The cap on automatic record pops: at most POP_CAP automatic pops (a navigation of a CRM tab or
 * a new tab) per rolling POP_WINDOW_MS, per browser. A ring-and-cancel storm from the PBX must not
 * navigate the agent's tab dozens of times or open dozens of tabs. A call over the cap is not
 * popped automatically (its panel says so); the agent's own 'Open record' is never capped.
 *
 * The times of the recent pops are in storage.session, so the cap holds across a stopped and
 * woken worker; the coordinator's queue is the only caller, one task at a time.
 */
export const POP_CAP = 10;
export const POP_WINDOW_MS = 60_000;
export const POP_CAPPED_NOTE = `Not popped automatically: more than ${POP_CAP} calls in a minute`;

export interface PopRate {
  /** Whether an automatic pop may happen now (nothing is counted). */
  allows(): Promise<boolean>;
  /** Counts an automatic pop that happened now. */
  note(): Promise<void>;
}

export interface PopRateDeps {
  /** Epoch ms of the recent automatic pops. */
  store: StoredValue<number[]>;
  now: () => number;
  cap?: number;
  windowMs?: number;
}

export function createPopRate({ store, now, cap = POP_CAP, windowMs = POP_WINDOW_MS }: PopRateDeps): PopRate {
  /** The pops still inside the window; anything not a finite time is dropped (untrusted storage). */
  const recent = async (at: number): Promise<number[]> => {
    const stored = await store.getValue();
    const times = Array.isArray(stored) ? stored.filter((t): t is number => typeof t === 'number' && Number.isFinite(t)) : [];
    // A time in the future (the clock was set back) counts as now: the cap cannot be dodged by it.
    return times.map((t) => Math.min(t, at)).filter((t) => t > at - windowMs);
  };
  return {
    async allows() {
      return (await recent(now())).length < cap;
    },
    async note() {
      const at = now();
      // Only the newest `cap` matter; the list stays bounded whatever happens.
      await store.setValue([...(await recent(at)), at].slice(-cap));
    },
  };
}

// Firefox MV2 has storage.session only from Firefox 115 on (as pop-memory.ts).
const area = () => (browser.storage.session ? 'session' : 'local');
export const POP_TIMES_KEY = 'autoPopTimes';
// Defined on first use (lazyItem): the offscreen document imports createPopRate, not this.
export const popTimesItem = lazyItem(() => storage.defineItem<number[]>(`${area()}:${POP_TIMES_KEY}`, { fallback: [] }));

/**
 * The worker's store of the pop times: read from storage once, then kept in memory (no storage
 * read in front of a pop) and replaced by every change of the item, so a reset from one of the
 * extension's own pages (the benchmark clears it between its measured calls, which pop far more
 * than 10 times a minute) applies at once. storage.session is not readable by content scripts.
 */
export function popTimesStore(item: typeof popTimesItem = popTimesItem): StoredValue<number[]> & { stop(): void } {
  let cached: number[] | undefined;
  // The change event carries the new value (our own writes too): taken as is, never a re-read.
  const stop = item.watch((value) => {
    cached = Array.isArray(value) ? [...value] : [];
  });
  return {
    async getValue() {
      if (cached === undefined) {
        const stored = await item.getValue();
        cached ??= Array.isArray(stored) ? [...stored] : [];
      }
      return [...cached];
    },
    async setValue(value) {
      await item.setValue(value);
      cached = [...value];
    },
    stop,
  };
}
