/**
 * When a caller number is painted, seen from inside the page: a MutationObserver notices the DOM
 * change, requestAnimationFrame waits for the frame that shows it, and the time is taken there on
 * the shared epoch clock (performance.timeOrigin + performance.now()), comparable with the
 * caller page's INVITE send time.
 *
 * How it is taken now that the panel's shadow root is closed: the probe runs in an isolated
 * world made over CDP (test/e2e/helpers/closed-root.ts), on both sides alike (the baseline page's
 * own element and the extension's panel), never in the page's own world. The panel's root
 * reaches that world over CDP (DOM.describeNode with pierce, DOM.resolveNode) a few ms after the
 * host appears; so a host's first render is timed from the host's insertion instead (the content
 * script inserts the host and renders into it in one task: the world's light-DOM observer fires
 * in the microtask after it, and the frame after that is the frame that shows the caller), and
 * the page is held at a `debugger` statement while the root is handed over only after that frame
 * was timed (once per host and document). From then on a MutationObserver inside the root times
 * every change as before. Before, the probe ran
 * in the page's world inside the then open root: the same observer, frame and clock, so the
 * figures stay comparable with earlier runs.
 */
import type { Page } from 'puppeteer-core';
import { watchClosedRoots } from '../test/e2e/helpers/closed-root';

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
const WORLD = 'teleforge-bench-paint';

/** Runs in the probe's isolated world (serialised by puppeteer): no references to anything outside. */
function installProbe(mode: ProbeMode): void {
  const w = globalThis as unknown as Record<string, unknown>;
  if (w['__benchProbe']) return;
  w['__benchProbe'] = true;
  const send = (payload: unknown) => (w['__closedRootSend'] as ((json: string) => void) | undefined)?.(JSON.stringify(payload));
  const frameTime = () =>
    new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.timeOrigin + performance.now())));
  const seen = new Set<string>();
  const report = (text: string, at: Promise<number>) => {
    void at.then((time) => send({ text, at: time, docOrigin: performance.timeOrigin, path: location.pathname }));
  };
  const check = (read: () => string, at: () => Promise<number>) => {
    const text = read();
    if (text !== '' && !seen.has(text)) {
      seen.add(text);
      report(text, at());
    }
  };
  const watch = (node: Node, read: () => string, first: Promise<number> = frameTime()) => {
    new MutationObserver(() => check(read, frameTime)).observe(node, { childList: true, subtree: true, characterData: true });
    check(read, () => first);
  };
  const start = () => {
    if (mode === 'baseline') {
      const el = document.getElementById('caller')!;
      watch(el, () => el.textContent ?? '');
      return;
    }
    /** The frame after each host's insertion: what its first render showed was painted then. */
    const firstFrame = new WeakMap<Element, Promise<number>>();
    const adopted = new WeakSet<ShadowRoot>();
    const panelText = (root: ShadowRoot) =>
      [...root.querySelectorAll('[data-field="number"], [data-part="strip"]')].map((el) => el.textContent ?? '').join(' | ');
    w['__closedRootAdopt'] = (root: ShadowRoot) => {
      if (adopted.has(root)) return;
      adopted.add(root);
      watch(root, () => panelText(root), firstFrame.get(root.host) ?? frameTime());
    };
    const findHost = () => {
      for (const host of document.querySelectorAll('teleforge-caller-panel')) {
        if (firstFrame.has(host)) continue;
        const frame = frameTime();
        firstFrame.set(host, frame);
        // The root is handed over while the page waits (closed-root.ts): only after the frame
        // time was taken, so the pause is not in the figure. A hidden tab draws no frames (a
        // ringing strip in a background tab): at once there.
        const wanted = () => (w['__closedRootWanted'] as () => void)();
        if (document.visibilityState === 'visible') void frame.then(wanted);
        else wanted();
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
    await watchClosedRoots(
      page,
      { hostSelector: 'teleforge-caller-panel', worldName: WORLD, bindingName: BINDING, watcherSource: installProbe.toString(), watcherArg: mode },
      (json) => log.push(JSON.parse(json) as PaintEvent),
    );
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
