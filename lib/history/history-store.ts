import { storage } from 'wxt/utils/storage';
import { EMPTY_HISTORY, type HistoryData } from './history-entry';
import { parseHistory } from './history-schema';

/**
 * The call history in storage.local, on this machine only: nothing here is synced or sent
 * anywhere (the disposition webhook, when the admin sets one, gets the wrap-up of one call).
 * The worker is its only writer (call-history.ts); the popup reads it and watches it.
 */
export const historyItem = storage.defineItem<HistoryData>('local:callHistory', { version: 1, fallback: EMPTY_HISTORY });

export interface HistoryStore {
  get(): Promise<HistoryData>;
  set(data: HistoryData): Promise<void>;
}

export const browserHistoryStore: HistoryStore = {
  get: async () => parseHistory(await historyItem.getValue()),
  set: (data) => historyItem.setValue(data),
};

/** The popup's view: the stored history now, then every change. Returns the unwatch function. */
export function watchHistory(cb: (data: HistoryData) => void): () => void {
  void historyItem.getValue().then((raw) => cb(parseHistory(raw)));
  return historyItem.watch((raw) => cb(parseHistory(raw)));
}
