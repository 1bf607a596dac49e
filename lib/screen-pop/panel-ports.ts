import type { Logger } from '@/lib/phone-host/logger';
import { webOrigin } from './crm-tabs';
import type { PanelView } from './panel-view';
import { PANEL_PORT, type HostToPanel, type PanelToHost } from './panel-port';
import type { TabInfo } from './platform';

/**
 * The host's side of the caller panels' ports (panel-port.ts): which CRM tabs are open, and a
 * way to push a view into each or have it navigate itself, with no worker in between.
 *
 * A port is taken only from our own extension's content script (sender id), in a tab's top
 * frame, on exactly a CRM origin of the current settings (scheme, host and port: match patterns
 * drop the port, so the script also runs on other ports of a CRM host): as the worker checked a
 * panel's messages before. A refused port is told so and closed; its script removes itself.
 */
export interface PortLike {
  name: string;
  sender?: { id?: string; url?: string; frameId?: number; tab?: TabInfo };
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(cb: (message: unknown) => void): void };
  onDisconnect: { addListener(cb: () => void): void };
}

export interface PanelPortsDeps {
  onConnect: { addListener(cb: (port: PortLike) => void): void; removeListener(cb: (port: PortLike) => void): void };
  extensionId: string;
  /** Whether a URL is on a CRM origin of the current settings (awaits the first settings). */
  isCrmUrl(url: string | undefined): Promise<boolean>;
  /** A panel connected or asked again ({t:'hello'}): its view; pushed down the port. */
  hello(tabId: number): Promise<PanelView>;
  /** An action from a panel ({t:'act'}): its answer goes back as {t:'reply'}. */
  act(tabId: number, name: string, payload: unknown): Promise<unknown>;
  logger: Logger;
  /** Ports open and views waiting after each change (the page shows them for tests and the benchmark). */
  onCounts?: (counts: { ports: number; waiting: number }) => void;
}

export interface PanelTab {
  id: number;
  url: string;
  origin: string;
  /** The tab as the browser described it when the port opened. */
  tab: TabInfo;
  connectedAt: number;
}

export interface PanelPorts {
  /** The CRM tabs with a panel connected now. */
  tabs(): PanelTab[];
  has(tabId: number): boolean;
  /** Pushes a view; resolves once the tab has drawn it, rejects if the tab has no panel (or leaves). */
  sendView(tabId: number, view: PanelView): Promise<void>;
  /** Asks the tab to navigate itself; false if it has no panel or the URL is not on its origin. */
  navigate(tabId: number, url: string): boolean;
  /** Ports open (accepted) and the views waiting for their 'drawn': for the leak check. */
  counts(): { ports: number; waiting: number };
  stop(): void;
}

interface Entry extends PanelTab {
  port: PortLike;
  waiting: Map<number, { resolve: () => void; reject: (e: Error) => void }>;
}

/** Views waiting for a 'drawn' per tab: a tab that never answers cannot grow the map for ever. */
const MAX_WAITING = 16;

export function createPanelPorts(deps: PanelPortsDeps): PanelPorts {
  const { logger } = deps;
  const entries = new Map<number, Entry>();
  let seq = 0;

  const post = (port: PortLike, message: HostToPanel): boolean => {
    try {
      port.postMessage(message);
      return true;
    } catch {
      return false; // disconnected meanwhile: onDisconnect cleans up
    }
  };

  const counts = () => ({ ports: entries.size, waiting: [...entries.values()].reduce((n, e) => n + e.waiting.size, 0) });
  const drop = (entry: Entry) => {
    if (entries.get(entry.id) === entry) entries.delete(entry.id);
    for (const w of entry.waiting.values()) w.reject(new Error(`tab ${entry.id} has no panel any more`));
    entry.waiting.clear();
    deps.onCounts?.(counts());
  };

  const pushView = (entry: Entry) => {
    deps.hello(entry.id).then(
      (view) => {
        if (entries.get(entry.id) === entry) post(entry.port, { t: 'view', seq: ++seq, view });
      },
      (e: unknown) => logger.debug(`no view for tab ${entry.id}`, e),
    );
  };

  const onMessage = (entry: Entry, raw: unknown) => {
    if (typeof raw !== 'object' || raw === null) return;
    const msg = raw as Partial<PanelToHost> & Record<string, unknown>;
    if (msg.t === 'hello') pushView(entry);
    else if (msg.t === 'drawn' && typeof msg.seq === 'number') {
      const w = entry.waiting.get(msg.seq);
      entry.waiting.delete(msg.seq);
      w?.resolve();
    } else if (msg.t === 'act' && typeof msg.id === 'number' && typeof msg.name === 'string') {
      const id = msg.id;
      deps.act(entry.id, msg.name, msg.payload).then(
        (value) => post(entry.port, { t: 'reply', id, reply: { ok: true, value } }),
        (e: unknown) =>
          post(entry.port, {
            t: 'reply',
            id,
            reply: { ok: false, error: { name: e instanceof Error ? e.name : 'Error', message: e instanceof Error ? e.message : String(e) } },
          }),
      );
    }
  };

  const onConnect = (port: PortLike) => {
    if (port.name !== PANEL_PORT) return;
    const { sender } = port;
    const tab = sender?.tab;
    const refuse = (why: string) => {
      logger.debug(`panel port refused: ${why}`);
      post(port, { t: 'refused' });
      port.disconnect();
    };
    if (sender?.id !== deps.extensionId || tab?.id === undefined || sender.frameId !== 0) return refuse('not our top-frame content script');
    const url = sender.url ?? tab.url;
    const origin = webOrigin(url);
    if (url === undefined || origin === null) return refuse('no web origin');
    const tabId = tab.id;
    // Messages can arrive before the check below is done: kept until it is.
    const early: unknown[] = [];
    let entry: Entry | undefined;
    let gone = false;
    port.onMessage.addListener((m) => (entry ? onMessage(entry, m) : early.push(m)));
    port.onDisconnect.addListener(() => {
      gone = true;
      if (entry) drop(entry);
    });
    void deps.isCrmUrl(url).then(
      (ok) => {
        if (gone) return;
        if (!ok) return refuse(`${origin} is not a CRM origin`);
        const previous = entries.get(tabId);
        // A page's new script (reload, navigation) replaces the old one's port.
        if (previous) drop(previous);
        entry = { id: tabId, url, origin, tab, connectedAt: Date.now(), port, waiting: new Map() };
        entries.set(tabId, entry);
        deps.onCounts?.(counts());
        pushView(entry);
        for (const m of early.splice(0)) onMessage(entry, m);
      },
      (e: unknown) => logger.warn('could not check a panel port', e),
    );
  };
  deps.onConnect.addListener(onConnect);

  return {
    tabs: () => [...entries.values()].map(({ id, url, origin, tab, connectedAt }) => ({ id, url, origin, tab, connectedAt })),
    has: (tabId) => entries.has(tabId),
    sendView(tabId, view) {
      const entry = entries.get(tabId);
      if (!entry) return Promise.reject(new Error(`tab ${tabId} has no panel`));
      const n = ++seq;
      return new Promise<void>((resolve, reject) => {
        if (entry.waiting.size >= MAX_WAITING) {
          // The oldest is answered as not drawn: the tab is stuck, nobody should wait on it.
          const [oldest] = entry.waiting.keys();
          if (oldest !== undefined) {
            entry.waiting.get(oldest)?.reject(new Error(`tab ${tabId} is not drawing`));
            entry.waiting.delete(oldest);
          }
        }
        entry.waiting.set(n, { resolve, reject });
        if (!post(entry.port, { t: 'view', seq: n, view })) {
          entry.waiting.delete(n);
          reject(new Error(`tab ${tabId} has no panel`));
        }
      });
    },
    navigate(tabId, url) {
      const entry = entries.get(tabId);
      if (!entry || webOrigin(url) !== entry.origin) return false;
      return post(entry.port, { t: 'navigate', url });
    },
    counts,
    stop() {
      deps.onConnect.removeListener(onConnect);
      for (const entry of [...entries.values()]) {
        drop(entry);
        entry.port.disconnect();
      }
    },
  };
}
