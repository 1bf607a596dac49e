import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { DEFAULT_PANEL_PLACE, type PanelPlace } from './panel-view';

/**
 * What the worker remembers about each call between wakes. The Chrome worker is killed when
 * idle, so "popped already" must outlive it: a pop twice for one call is the one thing an agent
 * would notice at once. storage.session survives worker restarts and is cleared with the
 * browser session, like the phone state it describes.
 */
export interface CallMemory {
  /** The record has been opened for this call (automatically or by 'Open record'). */
  popped: boolean;
  /**
   * The automatic pop moment (ring or answer, per settings.popOn) has been handled, whether
   * or not a tab was popped then: the automatic pop is tried once per call, never again.
   */
  popMoment?: boolean;
  /** The tab that shows the full panel: the one that popped, took the call, or was picked. */
  panelTabId?: number;
  /** The panel tab acknowledged the lookup prefill (done or failed: it is not retried). */
  prefillDone?: boolean;
  /** The desktop notification shown while it rings with no CRM tab open. */
  notificationId?: string;
  /** The agent dismissed the wrap-up view. */
  dismissed?: boolean;
  /** The automatic pop was skipped: over the cap of automatic pops (pop-rate.ts). */
  popCapped?: boolean;
}

/** Per call id. */
export type PopMemory = Record<string, CallMemory>;

/** The part of a wxt/storage item the coordinator uses (tests pass the real item over fakeBrowser). */
export interface StoredValue<T> {
  getValue(): Promise<T>;
  setValue(value: T): Promise<void>;
}

// Firefox MV2 has storage.session only from Firefox 115 on (as lib/status/phone-state-store.ts).
const area = browser.storage.session ? 'session' : 'local';
export const popMemoryItem = storage.defineItem<PopMemory>(`${area}:screenPop`, { fallback: {} });

/** The panel's place is the agent's preference: kept across browser sessions. */
export const panelPlaceItem = storage.defineItem<PanelPlace>('local:panelPlace', { fallback: DEFAULT_PANEL_PLACE });

/**
 * A stored value this context is the only writer of (the worker's pop memory and panel place),
 * kept in memory after the first read: the screen pop reads both on every phone state and panel
 * message, and each storage read there waits behind the state mirror's write (2-20 ms) in front
 * of the caller panel. Writes go to storage first; the copy follows once storage took them (and
 * is dropped if the write fails, so the next read asks storage again). Reads return a copy: a
 * task edits what it read and may fail before writing it back. A worker that is stopped and
 * woken starts with no copy and reads storage again.
 */
export function writeThroughCache<T>(item: StoredValue<T>): StoredValue<T> {
  let cached: { value: T } | undefined;
  let reading: Promise<T> | undefined;
  return {
    async getValue() {
      if (cached === undefined) {
        reading ??= item.getValue().finally(() => {
          reading = undefined;
        });
        const value = await reading;
        // A write that finished while this read was under way is newer: keep it.
        cached ??= { value: structuredClone(value) };
      }
      return structuredClone(cached.value);
    },
    async setValue(value) {
      try {
        await item.setValue(value);
      } catch (e) {
        cached = undefined;
        throw e;
      }
      cached = { value: structuredClone(value) };
    },
  };
}

/** Only the calls the phone still reports: the phone keeps the last few ended ones. */
export function pruneMemory(memory: PopMemory, callIds: readonly string[]): PopMemory {
  const keep = new Set(callIds);
  return Object.fromEntries(Object.entries(memory).filter(([id]) => keep.has(id)));
}
