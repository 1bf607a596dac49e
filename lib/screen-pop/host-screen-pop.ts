import { panelPortPayloads, protocol } from '@/lib/messages';
import type { Logger } from '@/lib/phone-host/logger';
import type { PhoneState } from '@/lib/phone-host/phone-state';
import { crmOrigins } from '@/lib/settings/derived';
import { createScreenPop, type ScreenPop } from './coordinator';
import { isCrmUrl } from './crm-tabs';
import { DEFAULT_PANEL_PLACE, type PanelPlace } from './panel-view';
import { createPanelPorts, type PanelPorts, type PanelPortsDeps } from './panel-ports';
import type { NoticeOptions, NotificationsApi, TabInfo } from './platform';
import { copyData, newMemory, readMemory, type PopMemory, type StoredValue } from './pop-memory';
import { PORT_ACTIONS, type PortAction } from './panel-port';
import { createPopRate } from './pop-rate';
import type { ScreenPopSettings } from './screen-pop-settings';

/**
 * The screen pop in the page that hosts the phone (Chrome: offscreen document; Firefox:
 * background page), so a ringing call goes phone -> coordinator -> panel port in one page and
 * one hop (issue 14). What only the worker can do (open a tab, focus a window, notifications,
 * storage) goes through `services`, off the caller's path:
 *
 *   Phone ──state──▶ coordinator ──view──▶ panel ports ──▶ CRM tabs (panel, strips)
 *                        │                   └─navigate──▶ the popped tab: location.assign
 *                        └──(no hurry)──▶ services: tabs.create, focus, notifications,
 *                                         storage.session mirror of memory / place / pop times
 *   worker ──sync: settings, open tabs, pop-time reset, notice clicks──▶ here
 *
 * Exactly-once pop, the panel tab and the memory of calls live here, mirrored to storage by the
 * worker, and come back with the first sync to a recreated host.
 */
export interface PopServices {
  openTab(url: string): Promise<TabInfo>;
  /** A pop into a tab on another origin than its page (the tab cannot navigate itself there). */
  navigateTab(tabId: number, url: string): Promise<TabInfo | undefined>;
  /** Makes the tab active and focuses its window; fire and forget. */
  focus(tabId: number | undefined, windowId: number | undefined): void;
  notify(id: string, options: NoticeOptions): Promise<string>;
  clearNotice(id: string): Promise<boolean>;
  /** Mirrors what a restarted host must get back; fire and forget. */
  save(part: MirrorPart): void;
}

export interface MirrorPart {
  memory?: PopMemory;
  place?: PanelPlace;
  popTimes?: number[];
}

/** What the worker tells the host: all of it on the host's hello, parts on later changes. */
export interface ScreenPopSync {
  /** Checked entry by entry (readMemory): it comes back from storage. */
  memory?: unknown;
  place?: PanelPlace;
  popTimes?: number[];
  settings?: ScreenPopSettings;
  /** The open CRM tabs as the tabs API sees them (last used, window, active). */
  tabs?: TabInfo[];
  focusedWindowId?: number;
}

export interface HostScreenPopDeps {
  services: PopServices;
  onConnect: PanelPortsDeps['onConnect'];
  extensionId: string;
  phone: {
    accept(callId: string): Promise<void>;
    reject(callId: string, code?: 486 | 603): Promise<void>;
    hangup(callId: string): Promise<void>;
    mute(callId: string, muted: boolean): Promise<void>;
    /** Drops a dismissed bridge call (a no-op for SIP calls). */
    dismiss(callId: string): Promise<void>;
  };
  getPhoneState(): PhoneState;
  iconUrl: string;
  logger: Logger;
  now?: () => number;
  onPortCounts?: PanelPortsDeps['onCounts'];
  /** How long a tab just created by a pop counts as "loading" (its panel not connected yet). */
  newTabGraceMs?: number;
}

export interface HostScreenPop {
  screenPop: ScreenPop;
  ports: PanelPorts;
  sync(part: ScreenPopSync): void;
  noticeClicked(noticeId: string, button?: number): void;
}

export function createHostScreenPop(deps: HostScreenPopDeps): HostScreenPop {
  const { services, logger } = deps;
  const now = deps.now ?? Date.now;
  const grace = deps.newTabGraceMs ?? 10_000;
  let settings: ScreenPopSettings | undefined;
  let settingsReady: () => void = () => {};
  const firstSettings = new Promise<void>((resolve) => (settingsReady = resolve));
  let memory: PopMemory = newMemory();
  let place: PanelPlace = DEFAULT_PANEL_PLACE;
  let popTimes: number[] = [];
  let browserTabs = new Map<number, TabInfo>();
  let focusedWindowId: number | undefined;
  /** Tabs a pop created, by id: loading until their panel connects (stillCrmTab asks). */
  const created = new Map<number, number>();

  const loadSettings = async (): Promise<ScreenPopSettings> => {
    await firstSettings;
    return settings!;
  };
  const crmUrl = async (url: string | undefined) => isCrmUrl(url, crmOrigins(await loadSettings()));

  const mirrored = <T>(get: () => T, set: (v: T) => void, part: (v: T) => MirrorPart): StoredValue<T> => ({
    getValue: async () => {
      await firstSettings; // the first sync brings the stored copy back
      return copyData(get());
    },
    setValue: async (value) => {
      set(copyData(value));
      services.save(part(copyData(value)));
    },
  });

  const listeners = { clicked: new Set<(id: string) => void>(), button: new Set<(id: string, b: number) => void>() };
  const notifications: NotificationsApi = {
    create: (id, options) => services.notify(id, options),
    clear: (id) => services.clearNotice(id),
    onClicked: { addListener: (cb) => listeners.clicked.add(cb), removeListener: (cb) => listeners.clicked.delete(cb) },
    onButtonClicked: { addListener: (cb) => listeners.button.add(cb), removeListener: (cb) => listeners.button.delete(cb) },
  };

  /** A CRM tab as the coordinator reads it: the port's tab, with the tabs API's newer facts. */
  const tabInfo = (id: number): TabInfo | undefined => {
    const panel = ports.tabs().find((t) => t.id === id);
    if (!panel) return undefined;
    const known = browserTabs.get(id);
    return {
      ...panel.tab,
      ...known,
      id,
      // The page's own URL (its origin was checked when it connected).
      url: panel.url,
      // Connected later than the last tabs event: that page is the one the agent just opened.
      lastAccessed: Math.max(known?.lastAccessed ?? 0, panel.tab.lastAccessed ?? 0) || undefined,
    };
  };

  let ports: PanelPorts;
  const screenPop = createScreenPop({
    tabs: {
      query: async () => ports.tabs().map((t) => tabInfo(t.id)!),
      async get(tabId) {
        const info = tabInfo(tabId);
        if (info) return info;
        const at = created.get(tabId);
        if (at !== undefined && now() - at < grace) return { id: tabId, active: true, status: 'loading' };
        throw new Error(`tab ${tabId} has no panel`);
      },
      async update(tabId, { url }) {
        const info = tabInfo(tabId);
        // The tab navigates itself when the URL is on its own origin; else the worker does it.
        if (!ports.navigate(tabId, url)) return services.navigateTab(tabId, url);
        services.focus(tabId, info?.windowId);
        return info ?? { id: tabId, active: true };
      },
      async create({ url }) {
        const tab = await services.openTab(url);
        if (tab.id !== undefined) created.set(tab.id, now());
        for (const [id, at] of created) if (now() - at >= grace) created.delete(id);
        return tab;
      },
    },
    windows: {
      // The worker focuses the tab's window with the tab (services.focus): nothing to wait for.
      update: async () => undefined,
      getLastFocused: async () => ({ id: focusedWindowId }),
    },
    notifications,
    iconUrl: deps.iconUrl,
    memory: mirrored(
      () => memory,
      (v) => (memory = v),
      (v) => ({ memory: v }),
    ),
    place: mirrored(
      () => place,
      (v) => (place = v),
      (v) => ({ place: v }),
    ),
    popRate: createPopRate({
      store: mirrored(
        () => popTimes,
        (v) => (popTimes = v),
        (v) => ({ popTimes: v }),
      ),
      now,
    }),
    loadSettings,
    loadPhoneState: async () => deps.getPhoneState(),
    openTabs: async () => ports.tabs().map((t) => tabInfo(t.id)!),
    phone: deps.phone,
    sendView: (tabId, view) => ports.sendView(tabId, view),
    logger,
  });

  ports = createPanelPorts({
    onConnect: deps.onConnect,
    extensionId: deps.extensionId,
    isCrmUrl: crmUrl,
    hello: (tabId) => {
      created.delete(tabId);
      return screenPop.hello(tabId);
    },
    act: (tabId, name, payload) => panelAction(screenPop, deps.phone, tabId, name, payload, logger),
    logger,
    ...(deps.onPortCounts && { onCounts: deps.onPortCounts }),
  });

  return {
    screenPop,
    ports,
    sync(part) {
      if (part.memory !== undefined) memory = readMemory(part.memory);
      if (part.place !== undefined) place = part.place;
      if (part.popTimes !== undefined) popTimes = [...part.popTimes];
      if (part.tabs !== undefined) browserTabs = new Map(part.tabs.filter((t) => t.id !== undefined).map((t) => [t.id!, t]));
      if ('focusedWindowId' in part) focusedWindowId = part.focusedWindowId;
      if (part.settings !== undefined) {
        settings = part.settings;
        settingsReady();
      }
    },
    noticeClicked(noticeId, button) {
      if (button === undefined) for (const cb of listeners.clicked) cb(noticeId);
      else for (const cb of listeners.button) cb(noticeId, button);
    },
  };
}

/**
 * A panel's action from its port, checked as the worker's router checks the same message from
 * a content script (lib/messages.ts schemas); the port's origin was checked when it connected.
 * Answer, Decline and Hang up go to the phone without waiting for the screen-pop queue.
 */
async function panelAction(
  screenPop: ScreenPop,
  phone: HostScreenPopDeps['phone'],
  tabId: number,
  name: string,
  raw: unknown,
  logger: Logger,
): Promise<unknown> {
  if (!(PORT_ACTIONS as readonly string[]).includes(name)) {
    const error = new Error(`no handler for ${name}`);
    error.name = 'UnknownMessage';
    throw error;
  }
  const schema = name === 'panel/prefilled' || name === 'panel/place' ? panelPortPayloads[name] : protocol[name as Exclude<PortAction, keyof typeof panelPortPayloads>].payload;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const error = new Error(`${name}: invalid payload`);
    error.name = 'InvalidPayload';
    throw error;
  }
  const p = parsed.data as unknown as { callId: string; code?: 486 | 603; muted: boolean; ok: boolean; error?: string };
  switch (name as PortAction) {
    case 'call/accept':
      // The tab the agent answered in shows the full panel from now on; not awaited (see router).
      screenPop.takeCall(p.callId, tabId).catch((e: unknown) => logger.warn(`could not give call ${p.callId} to tab ${tabId}`, e));
      return phone.accept(p.callId);
    case 'call/reject':
      return phone.reject(p.callId, p.code);
    case 'call/hangup':
      return phone.hangup(p.callId);
    case 'call/mute':
      return phone.mute(p.callId, p.muted);
    case 'panel/dismiss':
      await screenPop.dismiss(p.callId);
      return phone.dismiss(p.callId);
    case 'panel/open-record':
      return screenPop.openRecord(p.callId, tabId);
    case 'panel/prefilled':
      return screenPop.prefilled(p.callId, p.ok, p.error);
    case 'panel/place':
      return screenPop.savePlace(parsed.data as unknown as PanelPlace, tabId);
  }
}
