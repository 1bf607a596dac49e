import { browser } from 'wxt/browser';
import type { Logger } from '@/lib/phone-host/logger';
import { originMatchPattern } from '@/lib/settings/derived';
import type { WebhookTransport } from '@/lib/wrap-up/webhook-delivery';
import { createCallHistory, type CallHistory, type HistorySettings } from './call-history';
import { browserHistoryStore } from './history-store';

/**
 * The call history in the worker (Chrome) or background page (Firefox), with the browser's
 * parts: storage.local, fetch, the host permissions, and a wake-up for the next webhook retry.
 *
 * The retry wake-up is a timer while the worker lives, and in Chrome also an alarm, which starts
 * a stopped worker (its listener is added here, in the worker's first turn). Firefox's background
 * page is persistent, so the timer alone does.
 */
export const WEBHOOK_ALARM = 'wrap-up-webhook';
const STARTUP_DELAY_MS = 2_000;

export function startBrowserHistory(deps: {
  loadSettings: () => Promise<HistorySettings>;
  onMissedChange: (count: number) => void;
  logger: Logger;
}): CallHistory {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const transport: WebhookTransport = {
    fetch: (url, init) => fetch(url, { ...init, credentials: 'omit', redirect: 'error', cache: 'no-store' }),
    hasAccess: (url) => browser.permissions.contains({ origins: [originMatchPattern(new URL(url).origin)] }),
  };
  const history: CallHistory = createCallHistory({
    store: browserHistoryStore,
    loadSettings: deps.loadSettings,
    now: Date.now,
    newId: () => crypto.randomUUID(),
    transport,
    wakeAt: (at) => {
      clearTimeout(timer);
      timer = undefined;
      if (import.meta.env.CHROME) {
        const alarm = at === null ? chrome.alarms.clear(WEBHOOK_ALARM) : chrome.alarms.create(WEBHOOK_ALARM, { when: at });
        void Promise.resolve(alarm).catch((e: unknown) => deps.logger.warn('could not set the webhook retry alarm', e));
      }
      if (at !== null) timer = setTimeout(() => void history.runDueWebhooks(), Math.max(0, at - Date.now()));
    },
    onMissedChange: deps.onMissedChange,
    logger: deps.logger,
  });
  if (import.meta.env.CHROME) {
    chrome.alarms.onAlarm.addListener((alarm) => {
      if (alarm.name === WEBHOOK_ALARM) void history.runDueWebhooks();
    });
  }
  // Retries that fell due while the worker (or the browser) was stopped; a little later than the
  // worker's start, which may be a ringing call's (its screen pop goes first).
  setTimeout(() => void history.runDueWebhooks().catch((e: unknown) => deps.logger.warn('could not run the due webhooks', e)), STARTUP_DELAY_MS);
  return history;
}
