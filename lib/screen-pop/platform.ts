import { browser, type PublicPath } from 'wxt/browser';
import type { TabWatchDeps } from './tab-watch';

/**
 * The parts of the tabs, windows and notifications APIs the screen-pop coordinator uses, so
 * tests can pass small fakes and the coordinator runs the same in the Chrome worker and the
 * Firefox background page.
 */
export interface TabInfo {
  id?: number;
  url?: string;
  /** Chrome: the URL a tab is navigating to before it commits (a tab just created by a pop). */
  pendingUrl?: string;
  status?: string;
  windowId?: number;
  active: boolean;
  /** Epoch ms the tab was last focused (Chrome 121+, Firefox). */
  lastAccessed?: number;
}

export interface TabsApi {
  query(query: { url?: string[] }): Promise<TabInfo[]>;
  get(tabId: number): Promise<TabInfo>;
  update(tabId: number, props: { url: string; active: true }): Promise<TabInfo | undefined>;
  create(props: { url: string; active: true }): Promise<TabInfo>;
}

export interface WindowsApi {
  update(windowId: number, props: { focused: true }): Promise<unknown>;
  getLastFocused(): Promise<{ id?: number }>;
}

export interface NoticeOptions {
  type: 'basic';
  iconUrl: string;
  title: string;
  message: string;
  /** Chrome only: Firefox refuses or ignores these (see incoming-call-notice.ts). */
  buttons?: { title: string }[];
  requireInteraction?: boolean;
}

interface ListenerSet<F> {
  addListener(cb: F): void;
  removeListener(cb: F): void;
}

export interface NotificationsApi {
  create(id: string, options: NoticeOptions): Promise<string>;
  clear(id: string): Promise<boolean>;
  onClicked: ListenerSet<(notificationId: string) => void>;
  onButtonClicked: ListenerSet<(notificationId: string, buttonIndex: number) => void>;
}

export interface ScreenPopPlatform {
  tabs: TabsApi;
  windows: WindowsApi;
  notifications: NotificationsApi;
  iconUrl: string;
}

/** The icon H3 ships in public/icon/; not a generated PublicPath until the icons exist. */
const ICON_PATH = '/icon/128.png' as PublicPath;

/** The real APIs, through webextension-polyfill (the same promise API in Chrome and Firefox). */
export function browserScreenPopPlatform(): ScreenPopPlatform {
  return {
    tabs: {
      query: (query) => browser.tabs.query(query),
      get: (tabId) => browser.tabs.get(tabId),
      update: (tabId, props) => browser.tabs.update(tabId, props),
      create: (props) => browser.tabs.create(props),
    },
    windows: {
      update: (windowId, props) => browser.windows.update(windowId, props),
      getLastFocused: () => browser.windows.getLastFocused(),
    },
    notifications: browserNotifications(),
    iconUrl: browser.runtime.getURL(ICON_PATH),
  };
}

/** The tabs events for tab-watch.ts; to be called in the background's first turn (see there). */
export function browserTabWatch(): TabWatchDeps {
  const { tabs, windows } = browser;
  // Firefox has no tabs.onReplaced (Chrome's prerendered or discarded tabs swapping in).
  const events = [tabs.onCreated, tabs.onRemoved, tabs.onActivated, tabs.onAttached, tabs.onDetached, tabs.onReplaced, windows.onFocusChanged];
  return {
    query: () => tabs.query({}),
    changes: events.filter((event) => event !== undefined) as TabWatchDeps['changes'],
    updates: tabs.onUpdated,
  };
}

function browserNotifications(): NotificationsApi {
  const api = browser.notifications as typeof browser.notifications | undefined;
  // Without the 'notifications' permission the namespace is missing: calls still ring and pop.
  if (api === undefined) return NO_NOTIFICATIONS;
  return {
    create: (id, options) => api.create(id, options),
    clear: (id) => api.clear(id),
    onClicked: api.onClicked,
    // Firefox has no buttons, but does have the event.
    onButtonClicked: api.onButtonClicked,
  };
}

const noListeners = { addListener() {}, removeListener() {} };
const NO_NOTIFICATIONS: NotificationsApi = {
  create: () => Promise.reject(new Error('the notifications permission is missing')),
  clear: async () => false,
  onClicked: noListeners,
  onButtonClicked: noListeners,
};
