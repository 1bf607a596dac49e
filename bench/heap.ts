import type { Browser } from 'puppeteer-core';
import { offscreenPage } from '../test/e2e/helpers/extension';

/** The offscreen document's live JS heap after a full garbage collection, in bytes. */
export async function offscreenHeap(browser: Browser, extensionId: string): Promise<number> {
  const page = await offscreenPage(browser, extensionId);
  const cdp = await page.createCDPSession();
  try {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return usedSize;
  } finally {
    await cdp.detach();
  }
}

export interface HeapReading {
  /** Calls to the extension so far. */
  calls: number;
  bytes: number;
  /** Taken after the calls and an idle pause (SIP.js transaction timers run out). */
  idle?: boolean;
}

/**
 * Heap growth per call in bytes: the least-squares slope of the readings taken during the second
 * half of the calls, or undefined with fewer than two of them.
 *
 * Not the difference between a reading after the first calls and the last one: heap snapshots
 * (3-snapshot comparison at 100/300/500 calls) show that after the first calls what grows is
 * V8's own code space (optimised code, feedback vectors, deoptimisation data) as more functions
 * get hot, which slows down over hundreds of calls, plus Chrome's console store (its last 1000
 * messages) and long-task timing buffer; no object of the phone or SIP.js stays behind. The
 * first half mostly measures that warm-up, and one reading is noisy by ~10 kB; a slope over many
 * later readings shows what keeps growing.
 */
export function heapGrowthPerCall(readings: readonly HeapReading[], totalCalls: number): number | undefined {
  const late = readings.filter((r) => !r.idle && r.calls >= totalCalls / 2);
  if (late.length < 2) return undefined;
  const meanX = late.reduce((s, r) => s + r.calls, 0) / late.length;
  const meanY = late.reduce((s, r) => s + r.bytes, 0) / late.length;
  const sxx = late.reduce((s, r) => s + (r.calls - meanX) ** 2, 0);
  if (sxx === 0) return undefined;
  return late.reduce((s, r) => s + (r.calls - meanX) * (r.bytes - meanY), 0) / sxx;
}
