/**
 * When a caller number is painted, seen from inside the page: a MutationObserver notices the DOM
 * change, requestAnimationFrame waits for the frame that shows it, and the time is taken there on
 * the shared epoch clock (performance.timeOrigin + performance.now()), comparable with the
 * caller page's INVITE send time. The same probe watches the extension's caller panel (inside its
 * open shadow root) and the baseline page's own element, so both sides are measured alike.
 */
import type { Page } from 'puppeteer-core';

export interface PaintEvent {
  /** Caller numbers visible after the change (panel number fields and ringing strips). */
  text: string;
  /** Epoch ms of the animation frame after the change. */
  at: number;
  /** Epoch ms when the page's document started loading (a popped page starts after the INVITE). */
  docOrigin: number;
  path: string;
}

export type ProbeMode = 'panel' | 'baseline';

const BINDING = '__benchPaint';

/** Runs in the page (serialised by puppeteer): no references to anything outside. */
function installProbe(mode: ProbeMode): void {
  const w = window as unknown as Record<string, unknown>;
  if (w['__benchProbe']) return;
  w['__benchProbe'] = true;
  const seen = new Set<string>();
  const report = (text: string) => {
    requestAnimationFrame(() => {
      const at = performance.timeOrigin + performance.now();
      const send = w['__benchPaint'] as ((json: string) => void) | undefined;
      send?.(JSON.stringify({ text, at, docOrigin: performance.timeOrigin, path: location.pathname }));
    });
  };
  const check = (read: () => string) => {
    const text = read();
    if (text !== '' && !seen.has(text)) {
      seen.add(text);
      report(text);
    }
  };
  const watch = (node: Node, read: () => string) => {
    new MutationObserver(() => check(read)).observe(node, { childList: true, subtree: true, characterData: true });
    check(read);
  };
  const start = () => {
    if (mode === 'baseline') {
      const el = document.getElementById('caller')!;
      watch(el, () => el.textContent ?? '');
      return;
    }
    const watched = new WeakSet<Element>();
    const panelText = (root: ShadowRoot) =>
      [...root.querySelectorAll('[data-field="number"], [data-part="strip"]')].map((el) => el.textContent ?? '').join(' | ');
    const findHost = () => {
      for (const host of document.querySelectorAll('teleforge-caller-panel')) {
        const root = host.shadowRoot;
        if (root === null || watched.has(host)) continue;
        watched.add(host);
        watch(root, () => panelText(root));
      }
    };
    // The host is appended to <body>; watching only body's children keeps the probe cheap on a busy page.
    new MutationObserver(findHost).observe(document.body, { childList: true });
    findHost();
  };
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start, { once: true });
}

/** Collects the page's paint events, from now on and across its navigations. */
export class PaintLog {
  readonly events: PaintEvent[] = [];
  private waiters: { pred: (e: PaintEvent) => boolean; resolve: (e: PaintEvent) => void }[] = [];

  static async attach(page: Page, mode: ProbeMode): Promise<PaintLog> {
    const log = new PaintLog();
    await page.exposeFunction(BINDING, (json: string) => log.push(JSON.parse(json) as PaintEvent));
    await page.evaluateOnNewDocument(installProbe, mode);
    await page.evaluate(installProbe, mode);
    return log;
  }

  private push(event: PaintEvent): void {
    this.events.push(event);
    this.waiters = this.waiters.filter((w) => {
      if (!w.pred(event)) return true;
      w.resolve(event);
      return false;
    });
  }

  /** The first event (earlier ones included) matching `pred`; rejects after `timeoutMs`. */
  waitFor(pred: (e: PaintEvent) => boolean, timeoutMs: number, what: string): Promise<PaintEvent> {
    const found = this.events.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = { pred, resolve: (e: PaintEvent) => (clearTimeout(timer), resolve(e)) };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no paint of ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }
}
