import { browser } from 'wxt/browser';
import { loadSettings, moveInlineSecrets, phoneHostConfigFromSettings, settingsItem, watchSettings } from '@/lib/settings';
import { sendToTab } from '@/lib/messages';
import { startBackgroundRouter } from '@/lib/phone-host/background-router';
import { contactIdItem, contactIdSource } from '@/lib/phone-host/contact-id';
import { hasLiveSipCall, phoneStoppedState } from '@/lib/phone-host/phone-stopped';
import { watchPhonePageGone } from '@/lib/phone-host/page-life';
import { chromeOffscreenApi, OFFSCREEN_PATH, offscreenKeeper } from '@/lib/phone-host/offscreen-document';
import { inPageLink, lazyLink, offscreenLink, type PhoneLink } from '@/lib/phone-host/phone-link';
import type { PhoneState } from '@/lib/phone-host/phone-state';
import { createLogger } from '@/lib/phone-host/logger';
import { checkPhone, chromeAlarmsApi, startPhoneWatchdog } from '@/lib/phone-host/phone-watchdog';
import { browserContentScriptApis, startContentScriptSync } from '@/lib/screen-pop/content-scripts';
import { createScreenPop } from '@/lib/screen-pop/coordinator';
import { browserScreenPopPlatform, browserTabWatch } from '@/lib/screen-pop/platform';
import { watchTabs } from '@/lib/screen-pop/tab-watch';
import { panelPlaceItem, popMemoryItem, writeThroughCache } from '@/lib/screen-pop/pop-memory';
import { createPopRate, popTimesStore } from '@/lib/screen-pop/pop-rate';
import { cachedSettings } from '@/lib/settings/store';
import { mirrorPhoneState, phoneStateItem, refreshBadge, toolbarButton } from '@/lib/status/phone-state-store';
import { startBrowserHistory } from '@/lib/history/browser-history';
import { historyRoutes } from '@/lib/history/history-routes';

/**
 * Chrome (MV3): a stateless router; the phone lives in the offscreen document.
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
      const [{ settings }, id] = await Promise.all([loadSettings(), contactId()]);
      return phoneHostConfigFromSettings(settings, id);
    };
    // Declared before the screen pop, which answers notification buttons through it.
    let link: PhoneLink;
    // The screen pop reads the settings on every phone state and panel message: from memory,
    // refreshed by each change (made in this first turn so no change is missed).
    const screenPopSettings = cachedSettings();
    // Written only by the screen pop, here: read from storage once per worker start.
    const popMemory = writeThroughCache(popMemoryItem);
    const panelPlace = writeThroughCache(panelPlaceItem);
    // Read ahead in this first turn: a worker woken by a ringing call's 'phone/state' has them
    // on the way before that message is handed to its listener.
    void Promise.all([screenPopSettings.load(), popMemory.getValue(), panelPlace.getValue()]).catch((e: unknown) =>
      logger.debug('screen-pop read-ahead failed (read again on use)', e),
    );
    // The open tabs, from the tabs events (listeners added in this first turn, so none is missed).
    const tabWatch = watchTabs(browserTabWatch());
    // Created first, in this first turn: its notification listeners are what let a click on a
    // notification wake a stopped worker and be handled.
    const screenPop = createScreenPop({
      ...browserScreenPopPlatform(),
      memory: popMemory,
      place: panelPlace,
      popRate: createPopRate({ store: popTimesStore(), now: Date.now }),
      loadSettings: async () => (await screenPopSettings.load()).settings,
      loadPhoneState: () => phoneStateItem.getValue(),
      openTabs: () => tabWatch.openTabs(),
      phone: { accept: (callId) => link.accept(callId), reject: (callId, code) => link.reject(callId, code) },
      sendView: (tabId, view) => sendToTab(tabId, 'panel/view', view),
      logger: createLogger('screen-pop'),
    });
    // The agent's call history (storage.local, this machine only), fed by the same phone states
    // (queued in their order: each mirror call waits the same one turn first); its alarm listener
    // for webhook retries is added in this first turn.
    const history = startBrowserHistory({
      loadSettings: async () => (await screenPopSettings.load()).settings,
      onMissedChange: (count) => void refreshBadge(count).catch((e: unknown) => logger.warn('could not update the badge', e)),
      logger: createLogger('history'),
    });
    // Every phone state, from the offscreen document's messages (Chrome) or the in-page phone
    // (Firefox): mirrored for the popup, screen-popped and recorded in the history. The screen pop
    // and the history queue it before the first await, so states are handled in their order.
    const mirror = async (state: PhoneState) => {
      const screenPopped = screenPop.onPhoneState(state);
      // The popup's copy, the history and the badge wait one turn, so the screen pop's first
      // browser calls (tabs.query, the ringing views) go out ahead of their storage and badge calls.
      await new Promise((resolve) => setTimeout(resolve, 0));
      await history.onPhoneState(state).catch((e: unknown) => logger.error('could not record the call history', e));
      const missed = await history.unseenMissed().catch(() => 0);
      await mirrorPhoneState(state, { button: toolbarButton(), now: Date.now, missed });
      await screenPopped;
    };
    if (import.meta.env.FIREFOX) {
      // Imported lazily so the Chrome worker bundle never carries the SIP stack.
      link = lazyLink(async () => {
        const { createBrowserPhoneHost } = await import('@/lib/phone-host/browser-phone-host');
        // The promise goes back to the host: a bridge call is acked once the screen pop has it.
        const host = createBrowserPhoneHost((state) => mirror(state));
        return inPageLink(host, loadConfig);
      });
    } else {
      link = offscreenLink(offscreenKeeper(chromeOffscreenApi()));
      // Chrome may close or crash the offscreen document while nothing wakes this worker.
      startPhoneWatchdog({ alarms: chromeAlarmsApi(), link, loadConfig, logger });
      // Sooner than the watchdog: the port the document opened for a live call closes when it dies.
      const offscreen = link;
      watchPhonePageGone({
        onConnect: browser.runtime.onConnect,
        extensionId: browser.runtime.id,
        pageUrl: browser.runtime.getURL(OFFSCREEN_PATH),
        onGone: () => {
          logger.info('the phone page went away: ending its live calls, recreating it');
          void (async () => {
            const state = await phoneStateItem.getValue();
            if (state && hasLiveSipCall(state)) await mirror(phoneStoppedState(state, Date.now()));
            await checkPhone({ link: offscreen, loadConfig });
          })().catch((e: unknown) => logger.error('could not restore the phone', e));
        },
      });
    }
    const historyRouter = historyRoutes(history, {
      loadSettings: async () => (await screenPopSettings.load()).settings,
      ...browserScreenPopPlatform(),
    });
    startBackgroundRouter({ link, loadConfig, watchSettings, mirror, screenPop, history: historyRouter, logger });
    // The caller panel's content script, registered for the granted CRM origins; its permission
    // and install listeners must be added in this first turn too.
    startContentScriptSync({ ...browserContentScriptApis(), loadSettings, watchSettings, logger });

    const ensure = () => void link.ensure().catch((e: unknown) => logger.error('could not start the phone', e));
    // Listeners for these events are what make Chrome start the worker with the browser.
    browser.runtime.onStartup.addListener(ensure);
    browser.runtime.onInstalled.addListener(ensure);
    ensure();
  },
});
