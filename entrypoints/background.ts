import { browser, type Browser } from 'wxt/browser';
import { loadSettings, moveInlineSecrets, phoneHostConfigFromSettings, settingsItem, watchSettings } from '@/lib/settings';
import { sendMessage } from '@/lib/messages';
import { startBackgroundRouter, type RouterDeps } from '@/lib/phone-host/background-router';
import { startShortcuts } from '@/lib/phone-host/shortcuts';
import { panelPhoneActions } from '@/lib/phone-host/panel-phone-actions';
import { contactIdItem, contactIdSource } from '@/lib/phone-host/contact-id';
import { hasLiveSipCall, phoneStoppedState } from '@/lib/phone-host/phone-stopped';
import { watchPhonePageGone } from '@/lib/phone-host/page-life';
import { chromeOffscreenApi, OFFSCREEN_PATH, offscreenKeeper } from '@/lib/phone-host/offscreen-document';
import { inPageLink, lazyLink, offscreenLink, type PhoneLink } from '@/lib/phone-host/phone-link';
import type { PhoneState } from '@/lib/phone-host/phone-state';
import type { Availability } from '@/lib/phone/availability';
import { createLogger } from '@/lib/phone-host/logger';
import { checkPhone, chromeAlarmsApi, startPhoneWatchdog } from '@/lib/phone-host/phone-watchdog';
import { browserContentScriptApis, CLICK_TO_DIAL_SCRIPT, startContentScriptSync } from '@/lib/screen-pop/content-scripts';
import { isCrmUrl } from '@/lib/screen-pop/crm-tabs';
import { PANEL_PORT } from '@/lib/screen-pop/panel-port';
import { createHostScreenPop, type HostScreenPop, type ScreenPopSync } from '@/lib/screen-pop/host-screen-pop';
import { browserPickerService } from '@/lib/picker/browser-picker';
import { browserScreenPopPlatform, browserTabWatch } from '@/lib/screen-pop/platform';
import { watchTabs } from '@/lib/screen-pop/tab-watch';
import { panelPlaceItem, popMemoryItem, writeThroughCache } from '@/lib/screen-pop/pop-memory';
import { popTimesItem, popTimesStore } from '@/lib/screen-pop/pop-rate';
import { screenPopSettingsOf } from '@/lib/screen-pop/screen-pop-settings';
import { browserPopServices, crmTabsSync, fullSync } from '@/lib/screen-pop/worker-pop-services';
import { crmOrigins } from '@/lib/settings/derived';
import { cachedSettings } from '@/lib/settings/store';
import { mirrorPhoneState, phoneStateItem, refreshBadge, toolbarButton } from '@/lib/status/phone-state-store';
import { availabilityItem, loadAvailability } from '@/lib/status/availability-store';
import { startBrowserHistory } from '@/lib/history/browser-history';
import { historyRoutes } from '@/lib/history/history-routes';

/**
 * Chrome (MV3): a stateless router; the phone and the screen pop live in the offscreen
 * document, which reaches the CRM tabs through their panels' ports (issue 14); the worker
 * opens tabs, focuses, notifies, mirrors to storage and sets the badge, off the caller's path.
 * Firefox (MV2): this persistent background page hosts the phone itself: Firefox has no
 * offscreen documents, and its MV3 event page is suspended even with an open WebSocket.
 */
export default defineBackground({
  persistent: true,
  main() {
    const logger = createLogger('bg');
    // Chrome: content scripts may read storage.local until this has first run. Chromium 156 keeps
    // the level over a browser restart (measured: a build without this call, started on the same
    // profile, still refused its content scripts), but it is set at every start anyway, for a
    // profile where it was never set. The secrets do not depend on it at all (they are in the
    // extension's IndexedDB, lib/settings/secret-store.ts): this keeps the rest of the settings
    // (CRM templates, extension number) and the panel place out of content scripts too.
    // Firefox has no setAccessLevel (bug 1724754).
    if (import.meta.env.CHROME) {
      chrome.storage.local
        .setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' })
        .catch((e: unknown) => logger.warn('could not restrict storage.local to the extension', e));
    }
    // Secrets found in the readable settings item (an older writer) go to the secret store.
    const sweepSecrets = () =>
      void moveInlineSecrets().catch((e: unknown) => logger.warn('could not move secrets out of storage.local', e));
    sweepSecrets();
    settingsItem.watch(sweepSecrets);
    // One SIP contact for every phone this install starts, so a new one replaces the old binding.
    const contactId = contactIdSource(contactIdItem);
    const loadConfig = async () => {
      const [{ settings }, id, availability] = await Promise.all([loadSettings(), contactId(), loadAvailability()]);
      return { ...phoneHostConfigFromSettings(settings, id), availability };
    };
    // Declared before the notification listeners, which reach the screen pop through it.
    let link: PhoneLink;
    // The CRM origins (content-script senders), the screen-pop settings the host is sent: from
    // memory, refreshed by each change (made in this first turn so no change is missed).
    const screenPopSettings = cachedSettings();
    const loadScreenPopSettings = async () => (await screenPopSettings.load()).settings;
    const platform = browserScreenPopPlatform();
    // The storage mirror of the host's pop memory, panel place and pop times: read by a host
    // that (re)starts, written off the caller's path.
    const popTimes = popTimesStore();
    /** The pop times the host last mirrored: a change to anything else is a reset from one of our pages. */
    let mirroredPopTimes = '';
    const stores = {
      memory: writeThroughCache(popMemoryItem),
      place: writeThroughCache(panelPlaceItem),
      popTimes: {
        getValue: () => popTimes.getValue(),
        setValue: (value: number[]) => {
          mirroredPopTimes = JSON.stringify(value);
          return popTimes.setValue(value);
        },
      },
    };
    const popServices = browserPopServices(platform, stores, createLogger('screen-pop'));
    // The open tabs, from the tabs events (listeners added in this first turn, so none is missed).
    const tabWatchDeps = browserTabWatch();
    const tabWatch = watchTabs(tabWatchDeps);
    const openTabs = () => tabWatch.openTabs();
    /** Chrome: makes the caller panels connect again (to a phone page that just started). */
    let releasePanels = () => {};
    const screenPopHello = async () => {
      const sync = await fullSync(await loadScreenPopSettings(), stores, openTabs, platform);
      // After the answer is on its way: the panels' new ports find the new page listening.
      setTimeout(() => releasePanels(), 0);
      return sync;
    };
    // The agent's call history (storage.local, this machine only), fed by the same phone states
    // (queued in their order); its alarm listener for webhook retries is added in this first turn.
    const history = startBrowserHistory({
      loadSettings: loadScreenPopSettings,
      onMissedChange: (count) => void refreshBadge(count).catch((e: unknown) => logger.warn('could not update the badge', e)),
      logger: createLogger('history'),
    });
    // Every phone state, from the offscreen document's messages (Chrome) or the in-page phone
    // (Firefox): recorded in the history, mirrored for the popup and the badge. The screen pop ran
    // before, in the phone's page, so none of this is on the caller's path.
    const mirror = async (state: PhoneState) => {
      await history.onPhoneState(state).catch((e: unknown) => logger.error('could not record the call history', e));
      const missed = await history.unseenMissed().catch(() => 0);
      await mirrorPhoneState(state, { button: toolbarButton(), now: Date.now, missed });
    };

    /** How the background reaches the host's screen pop: set below per browser. */
    let toHost: {
      sync(part: ScreenPopSync): Promise<void>;
      noticeClicked(noticeId: string, button?: number): Promise<void>;
      screenPop: RouterDeps['screenPop'];
    };
    const isCrmSender = async (url: string | undefined) => isCrmUrl(url, crmOrigins(await loadScreenPopSettings()));

    if (import.meta.env.FIREFOX) {
      // The background page is the host: the phone and the screen pop live here, the same code as
      // Chrome's offscreen document runs; only the "worker" services are called directly.
      // Imported lazily so the Chrome worker bundle never carries the SIP stack.
      const hosted = (async () => {
        const { createBrowserPhoneHost } = await import('@/lib/phone-host/browser-phone-host');
        let pop: HostScreenPop | undefined;
        const host = createBrowserPhoneHost(async (state) => {
          const popped = pop?.screenPop.onPhoneState(state);
          await Promise.all([popped, mirror(state)]);
        });
        pop = createHostScreenPop({
          services: popServices,
          onConnect: browser.runtime.onConnect as never,
          extensionId: browser.runtime.id,
          phone: panelPhoneActions(host),
          getPhoneState: () => host.getState(),
          iconUrl: platform.iconUrl,
          logger: createLogger('screen-pop'),
        });
        pop.sync(await screenPopHello());
        return { host, pop };
      })();
      link = lazyLink(async () => inPageLink((await hosted).host, loadConfig));
      toHost = {
        sync: async (part) => (await hosted).pop.sync(part),
        noticeClicked: async (id, button) => (await hosted).pop.noticeClicked(id, button),
        screenPop: {
          takeCall: async (callId, tabId) => (await hosted).pop.screenPop.takeCall(callId, tabId),
          openRecord: async (callId, tabId) => (await hosted).pop.screenPop.openRecord(callId, tabId),
          dismiss: async (callId) => (await hosted).pop.screenPop.dismiss(callId),
          isCrmUrl: isCrmSender,
        },
      };
    } else {
      const offscreen = offscreenLink(offscreenKeeper(chromeOffscreenApi()));
      link = offscreen;
      // Only to a document that exists: one that starts asks for all of it anyway (screenpop/hello).
      const quiet = (e: unknown) => logger.debug('screen-pop sync not delivered', e);
      toHost = {
        sync: (part) => sendMessage('phone/screen-pop-sync', part).catch(quiet),
        noticeClicked: async (noticeId, button) => {
          await offscreen.ensure();
          await sendMessage('phone/notice-clicked', { noticeId, button });
        },
        screenPop: {
          takeCall: (callId, tabId) => sendMessage('phone/take-call', { callId, tabId }),
          openRecord: async (callId, tabId) => {
            await offscreen.ensure();
            await sendMessage('phone/open-record', { callId, tabId });
          },
          // The document's 'phone/dismiss' (link.dismiss) dismisses in its screen pop too.
          dismiss: async () => {},
          isCrmUrl: isCrmSender,
        },
      };
      // A caller panel's port is for the phone's page, but every context listening to onConnect
      // gets one, and Chrome closes the port as a whole when any of its ends does. So the worker
      // keeps its end, and lets go of them all when the phone's page that held the other end is
      // gone or a new one starts: the panels then connect again, to the new page.
      const panelEnds = new Set<Browser.runtime.Port>();
      browser.runtime.onConnect.addListener((port) => {
        if (port.name !== PANEL_PORT) return;
        panelEnds.add(port);
        port.onDisconnect.addListener(() => panelEnds.delete(port));
      });
      releasePanels = () => {
        for (const port of [...panelEnds]) port.disconnect();
        panelEnds.clear();
      };
      // Chrome may close or crash the offscreen document while nothing wakes this worker.
      startPhoneWatchdog({ alarms: chromeAlarmsApi(), link, loadConfig, logger });
      // Sooner than the watchdog: the port the document opened for a live call closes when it dies.
      // The CRM tabs notice by themselves (their ports to it close) and drop its ringing calls.
      watchPhonePageGone({
        onConnect: browser.runtime.onConnect,
        extensionId: browser.runtime.id,
        pageUrl: browser.runtime.getURL(OFFSCREEN_PATH),
        onGone: () => {
          logger.info('the phone page went away: ending its live calls, recreating it');
          releasePanels();
          void (async () => {
            const state = await phoneStateItem.getValue();
            if (state && hasLiveSipCall(state)) await mirror(phoneStoppedState(state, Date.now()));
            await checkPhone({ link: offscreen, loadConfig });
          })().catch((e: unknown) => logger.error('could not restore the phone', e));
        },
      });
    }
    // Notification clicks wake a stopped worker (listeners added in this first turn) and go to
    // the host's screen pop, which decides (pop the record, answer, decline).
    platform.notifications.onClicked.addListener((noticeId) => {
      void toHost.noticeClicked(noticeId).catch((e: unknown) => logger.error('notification click failed', e));
    });
    platform.notifications.onButtonClicked.addListener((noticeId, button) => {
      void toHost.noticeClicked(noticeId, button).catch((e: unknown) => logger.error('notification button failed', e));
    });
    // What the host's screen pop reads of the browser, pushed when it changes (off the call's path):
    // the CRM tabs (the tab used last), the settings, a pop-time reset by one of our pages.
    const pushTabs = () =>
      void (async () => toHost.sync(await crmTabsSync(openTabs, await loadScreenPopSettings(), platform)))().catch((e: unknown) =>
        logger.debug('could not send the open tabs', e),
      );
    let tabsTimer: ReturnType<typeof setTimeout> | undefined;
    const onTabsChanged = () => {
      clearTimeout(tabsTimer);
      // After tab-watch's own listener has started its query (it was added first).
      tabsTimer = setTimeout(pushTabs, 0);
    };
    for (const event of tabWatchDeps.changes) event.addListener(onTabsChanged);
    tabWatchDeps.updates.addListener((_id, change) => {
      if (change.url !== undefined || change.status === 'loading') onTabsChanged();
    });
    watchSettings(({ settings }) => {
      void toHost.sync({ settings: screenPopSettingsOf(settings) });
      onTabsChanged();
    });
    popTimesItem.watch((value) => {
      if (JSON.stringify(value ?? []) !== mirroredPopTimes) void toHost.sync({ popTimes: Array.isArray(value) ? value : [] });
    });
    const saveAvailability = (availability: Availability) => availabilityItem.setValue(availability);
    startBackgroundRouter({
      link, loadConfig, watchSettings, mirror, saveAvailability, screenPop: toHost.screenPop, popServices, screenPopHello, logger,
      picker: browserPickerService(),
      history: historyRoutes(history, { loadSettings: loadScreenPopSettings, ...platform }),
      loadDialSettings: async () => (await screenPopSettings.load()).settings,
      locale: navigator.language,
    });
    // Keyboard shortcuts (manifest `commands`): the popup's actions, without opening it.
    startShortcuts({
      onCommand: browser.commands.onCommand,
      link,
      setAvailability: async (availability) => {
        await saveAvailability(availability);
        await link.setAvailability(availability);
      },
      logger: createLogger('shortcuts'),
    });
    // The caller panel's content script, registered for the granted CRM origins; its permission
    // and install listeners must be added in this first turn too.
    startContentScriptSync({ ...browserContentScriptApis(), loadSettings, watchSettings, logger });
    // Click-to-dial: the same origins, its own script (it asks 'dial/hello' whether it is on).
    startContentScriptSync({ ...browserContentScriptApis(), loadSettings, watchSettings, logger, script: CLICK_TO_DIAL_SCRIPT });

    const ensure = () => void link.ensure().catch((e: unknown) => logger.error('could not start the phone', e));
    // Listeners for these events are what make Chrome start the worker with the browser.
    browser.runtime.onStartup.addListener(ensure);
    browser.runtime.onInstalled.addListener(ensure);
    ensure();
  },
});
