/**
 * What a page holds on to, for the leak checks of the fault suite: its event listeners and JS heap
 * as Chromium counts them (CDP Performance.getMetrics, after a forced GC so the heap figure is what
 * is still reachable), and, for an extension page, the timers it has pending.
 */
import type { Page } from 'puppeteer-core';

export interface PageMetrics {
  /** JSEventListeners: every listener registered in the page's renderer, all worlds. */
  listeners: number;
  /** JSHeapUsedSize in bytes after HeapProfiler.collectGarbage. */
  heapUsed: number;
  /** DOM nodes alive. */
  nodes: number;
}

export async function pageMetrics(page: Page): Promise<PageMetrics> {
  const cdp = await page.createCDPSession();
  try {
    await cdp.send('Performance.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const value = (name: string) => {
      const found = metrics.find((m) => m.name === name);
      if (!found) throw new Error(`no ${name} in Performance.getMetrics`);
      return found.value;
    };
    return { listeners: value('JSEventListeners'), heapUsed: value('JSHeapUsedSize'), nodes: value('Nodes') };
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/**
 * From now on, counts the page's pending timers (setTimeout not yet fired or cleared, setInterval
 * not cleared) in `window.__pendingTimers`. Only timers started after the call are seen, which is
 * what a before/after comparison needs. The page's code must look the globals up when it calls them
 * (lib/phone's clock and SIP.js do).
 */
export async function trackTimers(page: Page): Promise<void> {
  await page.evaluate(() => {
    type Fn = (...args: unknown[]) => void;
    const w = window as unknown as Record<string, unknown> & { __pendingTimers?: Set<number> };
    if (w.__pendingTimers) return;
    const pending = new Set<number>();
    w.__pendingTimers = pending;
    const nativeSetTimeout = window.setTimeout.bind(window);
    const nativeClearTimeout = window.clearTimeout.bind(window);
    const nativeSetInterval = window.setInterval.bind(window);
    const nativeClearInterval = window.clearInterval.bind(window);
    w['setTimeout'] = (fn: Fn | string, ms?: number, ...args: unknown[]) => {
      const id = nativeSetTimeout(() => {
        pending.delete(id);
        if (typeof fn === 'function') fn(...args);
      }, ms);
      pending.add(id);
      return id;
    };
    w['setInterval'] = (fn: Fn, ms?: number, ...args: unknown[]) => {
      const id = nativeSetInterval(fn, ms, ...args);
      pending.add(id);
      return id;
    };
    // Timeout and interval ids share one pool, and either clear function clears either kind.
    w['clearTimeout'] = (id?: number) => {
      if (id !== undefined) pending.delete(id);
      nativeClearTimeout(id);
    };
    w['clearInterval'] = (id?: number) => {
      if (id !== undefined) pending.delete(id);
      nativeClearInterval(id);
    };
  });
}

export async function pendingTimers(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __pendingTimers?: Set<number> }).__pendingTimers?.size ?? Number.NaN);
}
