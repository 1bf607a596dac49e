import { hasLiveSipCall, phoneStoppedState } from './phone-stopped';
import type { PhoneState } from './phone-state';

/**
 * How the worker learns that the phone's page (Chrome's offscreen document) died with calls in
 * it: nothing else tells it, and until its watchdog alarm (every 30 s) a dead call would keep a
 * ringing panel with Answer. Two cheap signals, both armed by a live SIP call:
 *
 * - `pagehide`: the page's last 'phone/state', its live calls ended (phone-stopped.ts). Sent on a
 *   close (chrome.offscreen.closeDocument, CDP Target.closeTarget); it wakes a sleeping worker.
 *   A crashed renderer runs no handler.
 * - a runtime port ('phone-page') the page opens when it reports a live call: the worker's
 *   onDisconnect fires when the page goes, crash included. The page does not reopen it when the
 *   worker is stopped (that would be a keep-alive loop); the next report with a live call does,
 *   and each such report wakes the worker anyway. So a crash while the worker sleeps (a long
 *   call with no state change) is caught by the watchdog only.
 */
export const PHONE_PAGE_PORT = 'phone-page';

export interface PortLike {
  onDisconnect: { addListener(cb: () => void): void };
}

export interface PageLifeDeps {
  events: Pick<Window, 'addEventListener'>;
  getState: () => PhoneState;
  /** Fire and forget: the page is going away. */
  sendState: (state: PhoneState) => void;
  connect: () => PortLike;
  now: () => number;
}

/** Call `reported` with every state the page reports to the worker. */
export function watchPageLife(deps: PageLifeDeps): { reported(state: PhoneState): void } {
  let port: PortLike | undefined;
  deps.events.addEventListener('pagehide', () => {
    const state = deps.getState();
    if (hasLiveSipCall(state)) deps.sendState(phoneStoppedState(state, deps.now()));
  });
  return {
    reported(state) {
      if (port || !hasLiveSipCall(state)) return;
      try {
        const opened = deps.connect();
        opened.onDisconnect.addListener(() => {
          if (port === opened) port = undefined;
        });
        port = opened;
      } catch {
        // No worker to reach (extension reloading): the watchdog remains.
      }
    },
  };
}

/** The worker's end of the port. */
export interface WorkerPortLike extends PortLike {
  name: string;
  sender?: { id?: string; url?: string; tab?: unknown };
}

export interface PageGoneDeps {
  onConnect: { addListener(cb: (port: WorkerPortLike) => void): void };
  extensionId: string;
  /** The phone page's URL (chrome.runtime.getURL('/offscreen.html')). */
  pageUrl: string;
  /** Ends the mirrored live calls and recreates the page (entrypoints/background.ts). */
  onGone: () => void;
}

/** Add in the worker's first turn, like every listener that may wake it. */
export function watchPhonePageGone(deps: PageGoneDeps): void {
  deps.onConnect.addListener((port) => {
    if (port.name !== PHONE_PAGE_PORT) return;
    const { sender } = port;
    // Only the extension's own phone page, never a content script's port of the same name.
    if (sender?.id !== deps.extensionId || sender.tab !== undefined || !sender.url?.startsWith(deps.pageUrl)) return;
    port.onDisconnect.addListener(() => deps.onGone());
  });
}
