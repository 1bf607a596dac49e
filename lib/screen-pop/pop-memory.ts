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

/** Only the calls the phone still reports: the phone keeps the last few ended ones. */
export function pruneMemory(memory: PopMemory, callIds: readonly string[]): PopMemory {
  const keep = new Set(callIds);
  return Object.fromEntries(Object.entries(memory).filter(([id]) => keep.has(id)));
}
