import { browser } from 'wxt/browser';
import { loadSettings, phoneConfigFromSettings, watchSettings } from '@/lib/settings';
import { startBackgroundRouter } from '@/lib/phone-host/background-router';
import { chromeOffscreenApi, offscreenKeeper } from '@/lib/phone-host/offscreen-document';
import { inPageLink, lazyLink, offscreenLink, type PhoneLink } from '@/lib/phone-host/phone-link';
import type { PhoneState } from '@/lib/phone-host/phone-state';
import { createLogger } from '@/lib/phone-host/logger';
import { chromeAlarmsApi, startPhoneWatchdog } from '@/lib/phone-host/phone-watchdog';
import { mirrorPhoneState } from '@/lib/status/phone-state-store';

/**
 * Chrome (MV3): a stateless router; the phone lives in the offscreen document.
 * Firefox (MV2): this persistent background page hosts the phone itself: Firefox has no
 * offscreen documents, and its MV3 event page is suspended even with an open WebSocket.
 */
export default defineBackground({
  persistent: true,
  main() {
    const logger = createLogger('bg');
    const loadConfig = async () => phoneConfigFromSettings((await loadSettings()).settings);
    const mirror = (state: PhoneState) => mirrorPhoneState(state);
    let link: PhoneLink;
    if (import.meta.env.FIREFOX) {
      // Imported lazily so the Chrome worker bundle never carries the SIP stack.
      link = lazyLink(async () => {
        const { createBrowserPhoneHost } = await import('@/lib/phone-host/browser-phone-host');
        const host = createBrowserPhoneHost((state) => void mirror(state).catch((e) => logger.warn('mirror failed', e)));
        return inPageLink(host, loadConfig);
      });
    } else {
      link = offscreenLink(offscreenKeeper(chromeOffscreenApi()));
      // Chrome may close or crash the offscreen document while nothing wakes this worker.
      startPhoneWatchdog({ alarms: chromeAlarmsApi(), link, loadConfig, logger });
    }
    startBackgroundRouter({ link, loadConfig, watchSettings, mirror, logger });

    const ensure = () => void link.ensure().catch((e: unknown) => logger.error('could not start the phone', e));
    // Listeners for these events are what make Chrome start the worker with the browser.
    browser.runtime.onStartup.addListener(ensure);
    browser.runtime.onInstalled.addListener(ensure);
    ensure();
  },
});
