import type { PanelView } from '@/lib/screen-pop/panel-view';
import { parsePanelView } from '@/lib/screen-pop/panel-view-schema';
import { PANEL_PORT, type HostToPanel, type PanelToHost } from '@/lib/screen-pop/panel-port';

/**
 * The caller panel's port to the page hosting the phone (lib/screen-pop/panel-port.ts), kept
 * open for the script's life: views come down it the moment the phone has a call, with no
 * worker in between; actions and the "shown again" hello go up it.
 *
 * The host can go away (Chrome closes or crashes the offscreen document; the extension is
 * reloaded): the port then disconnects, ringing calls are dropped from the screen (nothing can
 * answer them now, `onHostGone`) and the port is opened again after a growing pause. A port
 * that some other context holds but nobody answers on (no host yet: only the worker listens)
 * is given up after `welcomeMs` and tried again the same way. A host that refuses the page
 * (not exactly a CRM origin) ends the script for good: `onRefused`, no retry.
 */
export interface PortLike {
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(cb: (message: unknown) => void): void };
  onDisconnect: { addListener(cb: () => void): void };
}

export interface HostLinkDeps {
  /** runtime.connect; throws once the extension is gone. */
  connect(name: string): PortLike;
  /** A checked view from the host; `drawn` once it is on screen (the host may wait on it). */
  onView(view: PanelView, drawn: () => void): void;
  /** A pop into this tab: the URL is on this page's origin (checked here again). */
  onNavigate(url: string): void;
  onRefused(): void;
  onHostGone(): void;
  /** The extension was reloaded or removed: end quietly. */
  onDead(): void;
  warn(...args: unknown[]): void;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
  welcomeMs?: number;
}

export interface HostLink {
  /** Asks for the current view; resolves with the next view that arrives. */
  hello(): Promise<PanelView>;
  /** An action over the port; rejects without a port (the caller may go another way). */
  act(name: string, payload: unknown): Promise<unknown>;
  connected(): boolean;
  close(): void;
}

const RETRY_MS = [100, 250, 500, 1_000, 2_000, 4_000];

export function createHostLink(deps: HostLinkDeps): HostLink {
  const welcomeMs = deps.welcomeMs ?? 3_000;
  let port: PortLike | undefined;
  let welcomed = false;
  let closed = false;
  let tries = 0;
  let timer: unknown;
  let nextAct = 0;
  const replies = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let waitingViews: ((view: PanelView) => void)[] = [];

  const send = (message: PanelToHost): boolean => {
    try {
      port?.postMessage(message);
      return port !== undefined;
    } catch {
      return false;
    }
  };

  const lost = (why: Error) => {
    for (const r of replies.values()) r.reject(why);
    replies.clear();
  };

  const retry = () => {
    if (closed) return;
    const wait = RETRY_MS[Math.min(tries, RETRY_MS.length - 1)]!;
    tries += 1;
    timer = deps.setTimeout(open, wait);
  };

  const onMessage = (raw: unknown) => {
    if (typeof raw !== 'object' || raw === null) return;
    const msg = raw as Partial<HostToPanel> & Record<string, unknown>;
    if (msg.t === 'refused') {
      closed = true;
      deps.clearTimeout(timer);
      port?.disconnect();
      port = undefined;
      deps.onRefused();
    } else if (msg.t === 'view' && typeof msg.seq === 'number') {
      const parsed = parsePanelView(msg.view);
      if (!parsed.ok) {
        deps.warn(`panel/view: ${parsed.error}`);
        return;
      }
      if (!welcomed) {
        welcomed = true;
        tries = 0;
        deps.clearTimeout(timer);
      }
      const seq = msg.seq;
      deps.onView(parsed.view, () => send({ t: 'drawn', seq }));
      const waiting = waitingViews;
      waitingViews = [];
      for (const w of waiting) w(parsed.view);
    } else if (msg.t === 'navigate' && typeof msg.url === 'string') {
      deps.onNavigate(msg.url);
    } else if (msg.t === 'reply' && typeof msg.id === 'number') {
      const r = replies.get(msg.id);
      replies.delete(msg.id);
      r?.resolve(msg.reply);
    }
  };

  function open(): void {
    if (closed) return;
    let opened: PortLike;
    try {
      opened = deps.connect(PANEL_PORT);
    } catch (e) {
      closed = true;
      deps.onDead();
      return void e;
    }
    port = opened;
    welcomed = false;
    opened.onMessage.addListener((m) => {
      if (port === opened) onMessage(m);
    });
    opened.onDisconnect.addListener(() => {
      if (port !== opened) return;
      port = undefined;
      lost(new Error('the phone page went away'));
      if (closed) return;
      if (welcomed) deps.onHostGone();
      retry();
    });
    // Connected to a context that does not answer (the worker alone, no host yet): try again.
    timer = deps.setTimeout(() => {
      if (port !== opened || welcomed) return;
      port = undefined;
      opened.disconnect();
      retry();
    }, welcomeMs);
  }
  open();

  return {
    hello() {
      const next = new Promise<PanelView>((resolve) => waitingViews.push(resolve));
      // Before the first view, the connect itself is the hello.
      if (welcomed) send({ t: 'hello' });
      return next;
    },
    act(name, payload) {
      if (!port || !welcomed) return Promise.reject(new Error('no port to the phone page'));
      const id = ++nextAct;
      return new Promise((resolve, reject) => {
        replies.set(id, { resolve, reject });
        if (!send({ t: 'act', id, name, payload })) {
          replies.delete(id);
          reject(new Error('no port to the phone page'));
        }
      });
    },
    connected: () => port !== undefined && welcomed,
    close() {
      closed = true;
      deps.clearTimeout(timer);
      lost(new Error('closed'));
      try {
        port?.disconnect();
      } catch {
        // a dead extension's port
      }
      port = undefined;
    },
  };
}
