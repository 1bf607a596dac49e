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
