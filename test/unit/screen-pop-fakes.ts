import { vi } from 'vitest';
import type { CallSnapshot } from '@/lib/phone';
import { createScreenPop, type ScreenPopDeps } from '@/lib/screen-pop/coordinator';
import type { PanelView } from '@/lib/screen-pop/panel-view';
import type { NoticeOptions, NotificationsApi, TabInfo, TabsApi, WindowsApi } from '@/lib/screen-pop/platform';
import { panelPlaceItem, popMemoryItem, writeThroughCache } from '@/lib/screen-pop/pop-memory';
import type { PopRate } from '@/lib/screen-pop/pop-rate';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings/schema';
import { makeCall, makePhoneState } from './phone-host-fixtures';

/** Fakes of the browser as the screen-pop coordinator sees it: tabs, windows, notifications. */

export const CRM = 'https://crm.example.com';
export const RECORD_TEMPLATE = `${CRM}/contacts/{contact_ref}`;
export const SEARCH_TEMPLATE = `${CRM}/search?q={number}`;

export function makeSettings(overrides: Partial<Settings> = {}): Settings {
  return {
    ...DEFAULT_SETTINGS,
    iceServers: [],
    recordUrlTemplate: RECORD_TEMPLATE,
    searchUrlTemplate: SEARCH_TEMPLATE,
    lookupSelector: '#lookup',
    lookupSubmit: true,
    ...overrides,
  };
}

export const ringing = (overrides: Partial<CallSnapshot> = {}) => makeCall({ id: 'call-1', state: 'ringing', ...overrides });
export const active = (overrides: Partial<CallSnapshot> = {}) =>
  ringing({ state: 'active', answeredAt: 1_700_000_005_000, ...overrides });
export const ended = (endReason: CallSnapshot['endReason'], overrides: Partial<CallSnapshot> = {}) =>
  ringing({ state: 'ended', endReason, endedAt: 1_700_000_009_000, ...overrides });
export const stateWith = (...calls: CallSnapshot[]) => makePhoneState({ calls });

/** Tabs in windows; `query` matches the host of each pattern (like Chrome, ignoring ports). */
export function fakeTabs() {
  const tabs = new Map<number, TabInfo & { id: number }>();
  let nextId = 100;
  let clock = 1_000;
  /** Tabs whose page has no content script: sendMessage to them rejects. */
  const noScript = new Set<number>();
  const hostOf = (url: string | undefined) => {
    try {
      return url === undefined ? '' : `${new URL(url).protocol}//${new URL(url).hostname}`;
    } catch {
      return '';
    }
  };
  const api = {
    query: vi.fn(async ({ url }: { url?: string[] }) => {
      const hosts = url?.map((pattern) => pattern.replace(/\/\*$/, ''));
      return [...tabs.values()].filter((t) => hosts === undefined || hosts.includes(hostOf(t.url))).map((t) => ({ ...t }));
    }),
    get: vi.fn(async (tabId: number) => {
      const tab = tabs.get(tabId);
      if (tab === undefined) throw new Error(`No tab with id: ${tabId}.`);
      return { ...tab };
    }),
    update: vi.fn(async (tabId: number, props: { url: string; active: true }) => {
      const tab = tabs.get(tabId);
      if (tab === undefined) throw new Error(`No tab with id: ${tabId}.`);
      Object.assign(tab, { url: props.url, active: true, lastAccessed: ++clock });
      return { ...tab };
    }),
    create: vi.fn(async (props: { url: string; active: true }) => {
      const tab = { id: nextId++, url: props.url, active: true, windowId: 1, lastAccessed: ++clock };
      tabs.set(tab.id, tab);
      return { ...tab };
    }),
  } satisfies TabsApi;
  return {
    api,
    tabs,
    noScript,
    /** Opens a tab; later ones are more recently used unless lastAccessed says otherwise. */
    open(url: string, extra: Partial<TabInfo> = {}): number {
      const tab = { id: nextId++, url, active: false, windowId: 1, lastAccessed: ++clock, ...extra };
      tabs.set(tab.id, tab);
      return tab.id;
    },
  };
}

export function fakeWindows(focusedId = 1) {
  return {
    update: vi.fn(async () => ({})),
    getLastFocused: vi.fn(async () => ({ id: focusedId })),
  } satisfies WindowsApi;
}

type ClickListener = (id: string) => void;
type ButtonListener = (id: string, button: number) => void;

/** Chrome-like by default; `firefox: true` refuses buttons and requireInteraction like an old Firefox. */
export function fakeNotifications({ firefox = false } = {}) {
  const shown = new Map<string, NoticeOptions>();
  const clicked = new Set<ClickListener>();
  const buttons = new Set<ButtonListener>();
  const api = {
    create: vi.fn(async (id: string, options: NoticeOptions) => {
      if (firefox && (options.buttons !== undefined || options.requireInteraction !== undefined)) {
        throw new Error('Type error for parameter options (Property "buttons" is unsupported by Firefox)');
      }
      shown.set(id, options);
      return id;
    }),
    clear: vi.fn(async (id: string) => shown.delete(id)),
    onClicked: { addListener: (cb: ClickListener) => void clicked.add(cb), removeListener: (cb: ClickListener) => void clicked.delete(cb) },
    onButtonClicked: {
      addListener: (cb: ButtonListener) => void buttons.add(cb),
      removeListener: (cb: ButtonListener) => void buttons.delete(cb),
    },
  } satisfies NotificationsApi;
  return {
    api,
    shown,
    listeners: () => clicked.size + buttons.size,
    click: (id: string) => clicked.forEach((cb) => cb(id)),
    press: (id: string, button: number) => buttons.forEach((cb) => cb(id, button)),
  };
}

/** A coordinator over fakes, with the real storage items on WXT's fake browser. */
export function setupScreenPop(
  options: { settings?: Partial<Settings>; tabs?: ReturnType<typeof fakeTabs>; firefox?: boolean; popRate?: PopRate } = {},
) {
  const tabs = options.tabs ?? fakeTabs();
  const windows = fakeWindows();
  const notifications = fakeNotifications({ firefox: options.firefox });
  let settings = makeSettings(options.settings);
  let phoneState = makePhoneState();
  /** Every view sent, in order. */
  const sent: { tabId: number; view: PanelView }[] = [];
  const phone = { accept: vi.fn(async () => {}), reject: vi.fn(async () => {}) };
  const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const deps = {
    tabs: tabs.api,
    windows,
    notifications: notifications.api,
    iconUrl: 'chrome-extension://test-extension-id/icon/128.png',
    // As the worker wires them: storage behind a write-through copy (one per worker start).
    memory: writeThroughCache(popMemoryItem),
    place: writeThroughCache(panelPlaceItem),
    loadSettings: vi.fn(async () => settings),
    loadPhoneState: vi.fn(async () => phoneState),
    phone,
    sendView: vi.fn(async (tabId: number, view: PanelView) => {
      if (tabs.noScript.has(tabId) || !tabs.tabs.has(tabId)) throw new Error('Could not establish connection. Receiving end does not exist.');
      sent.push({ tabId, view });
    }),
    logger,
    /** As in the worker (50); tests may shorten it. */
    earlyWaitMs: 50 as number,
    /** Unset: each task queries the tabs (a test may set the tab-watch.ts list). */
    openTabs: undefined as (() => Promise<TabInfo[]>) | undefined,
    /** Unset: automatic pops are not capped (pop-rate tests pass one). */
    popRate: options.popRate as PopRate | undefined,
  } satisfies ScreenPopDeps;
  let screenPop = createScreenPop(deps);
  return {
    get screenPop() {
      return screenPop;
    },
    deps,
    tabs,
    windows,
    notifications,
    phone,
    logger,
    sent,
    /** What the worker would do: mirror the state (the coordinator reads it back later), then hand it over. */
    async phoneSays(...calls: CallSnapshot[]) {
      phoneState = stateWith(...calls);
      await screenPop.onPhoneState(phoneState);
    },
    setSettings(overrides: Partial<Settings>) {
      settings = makeSettings(overrides);
    },
    /** The last view each tab got. */
    lastView(tabId: number): PanelView | undefined {
      return sent.filter((s) => s.tabId === tabId).at(-1)?.view;
    },
    /** A fresh coordinator instance over the same storage and browser: a worker restart. */
    restart() {
      screenPop.stop();
      deps.memory = writeThroughCache(popMemoryItem);
      deps.place = writeThroughCache(panelPlaceItem);
      screenPop = createScreenPop(deps);
    },
  };
}
