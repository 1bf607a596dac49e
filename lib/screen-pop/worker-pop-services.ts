import { browser } from 'wxt/browser';
import type { Logger } from '@/lib/phone-host/logger';
import { crmOrigins } from '@/lib/settings/derived';
import type { Settings } from '@/lib/settings/schema';
import { crmTabsAmong } from './crm-tabs';
import type { MirrorPart, PopServices, ScreenPopSync } from './host-screen-pop';
import type { PanelPlace } from './panel-view';
import type { ScreenPopPlatform, TabInfo } from './platform';
import { readMemory, type PopMemory, type StoredValue } from './pop-memory';
import { screenPopSettingsOf } from './screen-pop-settings';

/**
 * What the host's screen pop (host-screen-pop.ts) asks of the extension's background: the tabs
 * API (a new tab, a cross-origin navigation, focusing), notifications and storage. In Chrome the
 * worker runs these for the offscreen document's messages ('screenpop/*', background-router.ts);
 * in Firefox the background page is the host and calls them directly.
 */
export interface PopStores {
  memory: StoredValue<PopMemory>;
  place: StoredValue<PanelPlace>;
  popTimes: StoredValue<number[]>;
}

export function browserPopServices(platform: ScreenPopPlatform, stores: PopStores, logger: Logger): PopServices {
  const focusWindow = (windowId: number | undefined) => {
    if (windowId === undefined) return;
    platform.windows.update(windowId, { focused: true }).catch((e: unknown) => logger.debug('could not focus the window', e));
  };
  return {
    async openTab(url) {
      const tab = await platform.tabs.create({ url, active: true });
      focusWindow(tab.windowId);
      return tab;
    },
    async navigateTab(tabId, url) {
      const tab = await platform.tabs.update(tabId, { url, active: true });
      focusWindow(tab?.windowId);
      return tab;
    },
    focus(tabId, windowId) {
      void (async () => {
        const tab = tabId === undefined ? undefined : await browser.tabs.update(tabId, { active: true });
        focusWindow(windowId ?? tab?.windowId);
      })().catch((e: unknown) => logger.debug('could not focus the popped tab', e));
    },
    notify: (id, options) => platform.notifications.create(id, options),
    clearNotice: (id) => platform.notifications.clear(id),
    save(part: MirrorPart) {
      const writes: Promise<void>[] = [];
      if (part.memory !== undefined) writes.push(stores.memory.setValue(readMemory(part.memory)));
      if (part.place !== undefined) writes.push(stores.place.setValue(part.place));
      if (part.popTimes !== undefined) writes.push(stores.popTimes.setValue(part.popTimes));
      Promise.all(writes).catch((e: unknown) => logger.warn('could not mirror the screen-pop memory', e));
    },
  };
}

/** The CRM tabs as the tabs API sees them, for the host's choice of the tab used last. */
export async function crmTabsSync(openTabs: () => Promise<TabInfo[]>, settings: Settings, platform: ScreenPopPlatform): Promise<ScreenPopSync> {
  const [tabs, focused] = await Promise.all([openTabs(), platform.windows.getLastFocused().catch(() => ({ id: undefined }))]);
  const crm = crmTabsAmong(tabs, crmOrigins(settings)).map(({ id, url, windowId, active, lastAccessed, status }) => ({
    id,
    url,
    windowId,
    active,
    lastAccessed,
    status,
  }));
  return { tabs: crm, ...(focused.id !== undefined && { focusedWindowId: focused.id }) };
}

/** Everything a starting host needs ('screenpop/hello'). */
export async function fullSync(
  settings: Settings,
  stores: PopStores,
  openTabs: () => Promise<TabInfo[]>,
  platform: ScreenPopPlatform,
): Promise<ScreenPopSync> {
  const [memory, place, popTimes, tabs] = await Promise.all([
    stores.memory.getValue(),
    stores.place.getValue(),
    stores.popTimes.getValue(),
    crmTabsSync(openTabs, settings, platform),
  ]);
  return { settings: screenPopSettingsOf(settings), memory, place, popTimes, ...tabs };
}
