import type { TabInfo } from './platform';

/**
 * The open tabs, kept by the background from the tabs events instead of asked for on each phone
 * state: tabs.query cost 4-10 ms (the browser's UI thread is busy routing the call just then)
 * between a ringing call's arrival and its views to the CRM tabs. Every event that can change
 * what the screen pop reads of a tab (id, URL, window, active, lastAccessed) starts a fresh
 * query; readers get the newest one, awaiting it if it is still under way. So a list is never
 * older than the last event the background received, and a worker just started (Chrome stops it
 * when idle) awaits its first query, which is what it did before.
 *
 * The cost: Chrome wakes a stopped worker for these events (a tab loading anywhere), and each
 * wake queries the tabs once.
 */
export interface ListenerSet<F> {
  addListener(cb: F): void;
  removeListener(cb: F): void;
}

/** What of tabs.onUpdated's changeInfo matters: a new URL, or a page starting to load. */
export interface TabChange {
  url?: string;
  status?: string;
}

export interface TabWatchDeps {
  /** All open tabs (tabs.query({})). */
  query: () => Promise<TabInfo[]>;
  /** Created, removed, activated, attached, detached, replaced; windows focus changed. */
  changes: ListenerSet<() => void>[];
  /** tabs.onUpdated, which also fires for titles, icons and sound: only URL and loading count. */
  updates: ListenerSet<(tabId: number, change: TabChange) => void>;
}

export interface TabWatch {
  /** The open tabs as of the last tabs event. */
  openTabs(): Promise<TabInfo[]>;
  stop(): void;
}

export function watchTabs(deps: TabWatchDeps): TabWatch {
  let current: Promise<TabInfo[]>;
  const refresh = () => {
    current = deps.query();
    // Readers see a failure (and ask again); unread, it is not an unhandled rejection.
    current.catch(() => {});
  };
  const onChange = () => refresh();
  const onUpdate = (_tabId: number, change: TabChange) => {
    if (change.url !== undefined || change.status === 'loading') refresh();
  };
  for (const event of deps.changes) event.addListener(onChange);
  deps.updates.addListener(onUpdate);
  refresh();
  return {
    openTabs() {
      const read = current;
      return read.catch(() => {
        // The failed query is dropped: asked again once (a later event may have done so already).
        if (current === read) refresh();
        return current;
      });
    },
    stop() {
      for (const event of deps.changes) event.removeListener(onChange);
      deps.updates.removeListener(onUpdate);
    },
  };
}
