import { browser, type Browser } from 'wxt/browser';
import { listen, senderKind } from '@/lib/messages';
import type { ScreenPop } from '@/lib/screen-pop/coordinator';
import type { HistoryRoutes } from '@/lib/history/history-routes';
import type { PhoneLink } from './phone-link';
import type { PhoneHostConfig, PhoneState } from './phone-state';
import type { Logger } from './logger';

/**
 * The background's whole job: route. It keeps no state of its own (the Chrome worker is
 * killed when idle), so everything it needs is read again on each wake:
 * - the config from settings storage, sent to the phone when settings change or the phone
 *   page asks for it ('phone/hello' from a freshly started offscreen document);
 * - the phone state, mirrored into storage + badge whenever the phone reports it (and handed
 *   to the screen-pop coordinator by `mirror`, see entrypoints/background.ts);
 * - the caller panels' requests, handed to the screen-pop coordinator, which keeps its own
 *   memory in storage.
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
  screenPop: Pick<ScreenPop, 'hello' | 'dismiss' | 'openRecord' | 'prefilled' | 'savePlace' | 'takeCall' | 'isCrmUrl'>;
  /** The call history and wrap-ups (lib/history/history-routes.ts); without it those messages fail. */
  history?: HistoryRoutes;
  logger: Logger;
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
    'panel/hello': async (_, sender) => screenPop.hello(await crmTabOnly(sender)),
    'panel/dismiss': async ({ callId }, sender) => {
      await crmTabOf(sender);
      await screenPop.dismiss(callId);
      // A bridge call lives in the phone's page until dismissed (see bridge-calls.ts).
      await link.dismiss(callId);
    },
    'panel/open-record': async ({ callId }, sender) => screenPop.openRecord(callId, await crmTabOf(sender)),
    'panel/prefilled': async ({ callId, ok, error }, sender) => {
      await crmTabOnly(sender);
      await screenPop.prefilled(callId, ok, error);
    },
    'panel/place': async (place, sender) => screenPop.savePlace(place, await crmTabOnly(sender)),
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

function forbidden(sender: Browser.runtime.MessageSender): Error {
  const error = new Error(`not accepted from ${sender.url ?? 'an unknown sender'}: not a CRM page`);
  error.name = 'ForbiddenSender';
  return error;
}
