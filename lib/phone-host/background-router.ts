import { browser, type Browser } from 'wxt/browser';
import { listen, senderKind } from '@/lib/messages';
import type { ScreenPop } from '@/lib/screen-pop/coordinator';
import type { PickerService } from '@/lib/picker/picker-service';
import { clickToDialConfigFor, type DialSettings } from '@/lib/dial/dial-config';
import { webOrigin } from '@/lib/screen-pop/crm-tabs';
import type { PopServices, ScreenPopSync } from '@/lib/screen-pop/host-screen-pop';
import type { HistoryRoutes } from '@/lib/history/history-routes';
import type { PhoneLink } from './phone-link';
import type { PhoneHostConfig, PhoneState } from './phone-state';
import type { Logger } from './logger';
import type { Availability } from '@/lib/phone/availability';

/**
 * The background's whole job: route. It keeps no state of its own (the Chrome worker is
 * killed when idle), so everything it needs is read again on each wake:
 * - the config from settings storage, sent to the phone when settings change or the phone
 *   page asks for it ('phone/hello' from a freshly started offscreen document);
 * - the phone state, mirrored into storage + badge whenever the phone reports it (and handed
 *   to the screen-pop coordinator by `mirror`, see entrypoints/background.ts);
 * - what the screen pop in the phone's page (lib/screen-pop/host-screen-pop.ts) cannot do
 *   itself: open a tab, focus, notifications, the storage mirror of its memory ('screenpop/*');
 * - call controls from the popup, and from a caller panel whose port is down, handed to the
 *   phone (and the screen pop's take-call / open-record / dismiss). The panels' own traffic goes
 *   down their ports to the phone's page, not through here.
 *
 * Content scripts (the caller panel) are let through by lib/messages only for the messages
 * that allow them; here they must also be on a CRM origin of the current settings: a content
 * script in any other page (an origin dropped from the settings) gets nothing.
 */
export interface RouterDeps {
  link: PhoneLink;
  loadConfig: () => Promise<PhoneHostConfig>;
  /** Calls back on every settings change; the router re-reads the validated config itself. */
  watchSettings: (onChange: () => void) => () => void;
  mirror: (state: PhoneState) => Promise<void>;
  /** Keeps the agent's availability across restarts (lib/status/availability-store.ts); loadConfig reads it back. */
  saveAvailability: (availability: Availability) => Promise<void>;
  /** The screen pop in the phone's page: by message (Chrome) or directly (Firefox). */
  screenPop: Pick<ScreenPop, 'dismiss' | 'openRecord' | 'takeCall' | 'isCrmUrl'>;
  /** Tabs, notifications and storage for that screen pop ('screenpop/*' from the offscreen document). */
  popServices: PopServices;
  /** Everything a starting host's screen pop needs ('screenpop/hello'). */
  screenPopHello: () => Promise<ScreenPopSync>;
  /** The call history and wrap-ups (lib/history/history-routes.ts); without it those messages fail. */
  history?: HistoryRoutes;
  logger: Logger;
  /** The lookup-field picker (lib/picker/); absent in tests that do not need it. */
  picker?: PickerService;
  /** The click-to-dial settings (lib/dial), read on each 'call/dial' and 'dial/hello'. */
  loadDialSettings: () => Promise<DialSettings>;
  /** The browser's language (navigator.language): the default country when the setting names none. */
  locale?: string;
}

export function startBackgroundRouter(deps: RouterDeps): () => void {
  const { link, logger } = deps;
  const reconfigure = async (): Promise<void> => {
    try {
      await link.configure(await deps.loadConfig());
    } catch (e) {
      logger.error('could not configure the phone', e);
    }
  };
  const { screenPop } = deps;
  const extensionOrigin = browser.runtime.getURL('/').replace(/\/$/, '');
  /**
   * The tab of a caller panel asking, after checking it is on a CRM origin; undefined for the
   * extension's own pages (popup), which may send what lib/messages lets them.
   */
  const crmTabOf = async (sender: Browser.runtime.MessageSender): Promise<number | undefined> => {
    const kind = senderKind(sender, browser.runtime.id, extensionOrigin);
    if (kind === 'extension') return undefined;
    const tabId = sender.tab?.id;
    if (kind === 'content' && tabId !== undefined && (await screenPop.isCrmUrl(sender.url))) return tabId;
    throw forbidden(sender);
  };
  const crmTabOnly = async (sender: Browser.runtime.MessageSender): Promise<number> => {
    const tabId = await crmTabOf(sender);
    if (tabId === undefined) throw forbidden(sender);
    return tabId;
  };


  const picker = (): PickerService => {
    if (!deps.picker) throw new Error('the lookup-field picker is not available here');
    return deps.picker;
  };

  const history = (): HistoryRoutes => {
    if (deps.history === undefined) throw new Error('The call history is not available');
    return deps.history;
  };

  const stopListening = listen('bg', {
    'phone/state': (state) => deps.mirror(state),
    'phone/hello': () => deps.loadConfig(),
    'status/get': async () => {
      const state = await link.getState();
      await deps.mirror(state);
      return state;
    },
    // Stored first: a phone page restarted in between asks for its config and gets the choice.
    'status/availability': async ({ availability }) => {
      await deps.saveAvailability(availability);
      await link.setAvailability(availability);
    },
    'call/accept': async ({ callId }, sender) => {
      const tabId = await crmTabOf(sender);
      // The tab the agent answered in shows the full panel (and takes a later pop). Queued now,
      // ahead of the 'active' state the answer brings, but NOT awaited: the screen-pop queue may
      // hold views, pops and page hellos, and the caller must not wait behind them (Answer,
      // Decline and Hang up go straight to the phone; the views follow from the queue).
      if (tabId !== undefined) {
        screenPop.takeCall(callId, tabId).catch((e: unknown) => logger.warn(`could not give call ${callId} to tab ${tabId}`, e));
      }
      await link.accept(callId);
    },
    'call/reject': async ({ callId, code }, sender) => {
      await crmTabOf(sender);
      await link.reject(callId, code);
    },
    'call/hangup': async ({ callId }, sender) => {
      await crmTabOf(sender);
      await link.hangup(callId);
    },
    'call/mute': async ({ callId, muted }, sender) => {
      await crmTabOf(sender);
      await link.mute(callId, muted);
    },
    /**
     * An outbound call: from the popup (dial pad) or a CRM tab's click-to-dial button, whose tab
     * then shows the call's panel. A page where click-to-dial is off cannot dial at all.
     */
    'call/dial': async ({ number }, sender) => {
      const tabId = await crmTabOf(sender);
      const dial = clickToDialConfigFor(await deps.loadDialSettings(), webOrigin(sender.url), deps.locale);
      if (tabId !== undefined && !dial.enabled) throw forbidden(sender, 'click-to-dial is off on this site');
      const { callId } = await link.dial(number, dial.defaultCountry);
      if (tabId !== undefined) {
        screenPop.takeCall(callId, tabId).catch((e: unknown) => logger.warn(`could not give call ${callId} to tab ${tabId}`, e));
      }
      return { callId };
    },
    'dial/hello': async (_, sender) => {
      await crmTabOnly(sender);
      return clickToDialConfigFor(await deps.loadDialSettings(), webOrigin(sender.url), deps.locale);
    },
    'call/transfer': async ({ callId, target }, sender) => {
      await crmTabOf(sender);
      await link.transfer(callId, target);
    },
    'call/consult': async ({ callId, target }, sender) => {
      await crmTabOf(sender);
      return link.consult(callId, target);
    },
    'call/transfer-complete': async ({ callId, consultCallId }, sender) => {
      await crmTabOf(sender);
      await link.completeTransfer(callId, consultCallId);
    },
    'call/transfer-cancel': async ({ callId }, sender) => {
      await crmTabOf(sender);
      await link.cancelTransfer(callId);
    },
    'call/hold': async ({ callId, held }, sender) => {
      await crmTabOf(sender);
      await link.hold(callId, held);
    },
    'call/dtmf': async ({ callId, digits }, sender) => {
      await crmTabOf(sender);
      await link.dtmf(callId, digits);
    },
    'panel/dismiss': async ({ callId }, sender) => {
      await crmTabOf(sender);
      await screenPop.dismiss(callId);
      // A bridge call lives in the phone's page until dismissed (see bridge-calls.ts).
      await link.dismiss(callId);
    },
    'panel/open-record': async ({ callId }, sender) => screenPop.openRecord(callId, await crmTabOf(sender)),
    // The picker checks its own tab, frame and origin (picker-service.ts).
    'picker/start': () => picker().start(),
    'picker/stop': () => picker().stop(),
    'picker/test-fill': ({ selector }) => picker().testFill(selector),
    'picker/picked': ({ selector }, sender) => picker().picked(selector, pickerSender(sender)),
    'picker/cancelled': (_, sender) => picker().cancelled(pickerSender(sender)),
    'screenpop/hello': () => deps.screenPopHello(),
    'screenpop/open-tab': ({ url }) => deps.popServices.openTab(url),
    'screenpop/navigate': ({ tabId, url }) => deps.popServices.navigateTab(tabId, url),
    'screenpop/focus': ({ tabId, windowId }) => deps.popServices.focus(tabId, windowId),
    'screenpop/notify': ({ id, options }) => deps.popServices.notify(id, options),
    'screenpop/clear-notice': ({ id }) => deps.popServices.clearNotice(id),
    'screenpop/save': (part) => deps.popServices.save(part as Parameters<PopServices['save']>[0]),
    'history/seen': () => history().markSeen(),
    'history/clear': () => history().clear(),
    'history/repop': ({ entryId }) => history().repop(entryId),
    'history/retry-webhook': (ref) => history().retryWebhook(ref),
    'call/wrap-up': async ({ disposition, note, ...ref }, sender) => {
      await crmTabOf(sender);
      return history().saveWrapUp(ref, disposition, note);
    },
    'call/wrap-up-status': async (ref, sender) => {
      await crmTabOf(sender);
      return history().wrapUpStatus(ref);
    },
  });
  const stopWatching = deps.watchSettings(() => void reconfigure());
  return () => {
    stopListening();
    stopWatching();
  };
}

function pickerSender(sender: Browser.runtime.MessageSender) {
  return { tabId: sender.tab?.id, frameId: sender.frameId, url: sender.url };
}

function forbidden(sender: Browser.runtime.MessageSender, why = 'not a CRM page'): Error {
  const error = new Error(`not accepted from ${sender.url ?? 'an unknown sender'}: ${why}`);
  error.name = 'ForbiddenSender';
  return error;
}
