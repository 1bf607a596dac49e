/**
 * Helpers to reach the extension's contexts in a puppeteer-driven Chromium:
 * its pages, the offscreen document, the service worker, storage and the toolbar badge.
 */
import type { Browser, CDPSession, ElementHandle, Page, Target, WebWorker } from 'puppeteer-core';
import type { PhoneState } from '../../../lib/phone-host/phone-state';

export function extensionUrl(extensionId: string, page: string): string {
  return `chrome-extension://${extensionId}/${page}`;
}

/** Polls `read` until `done` holds; the error says what was awaited and what was last seen. */
export async function pollUntil<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs = 15_000, intervalMs = 100 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await read();
      if (done(last)) return last;
    } catch (e) {
      lastError = e;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  const seen = last === undefined ? `error ${String(lastError)}` : JSON.stringify(last);
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${seen}`);
}

function isExtensionTarget(target: Target, extensionId: string, type: string, file?: string): boolean {
  return target.type() === type && target.url().startsWith(extensionUrl(extensionId, file ?? ''));
}

export async function serviceWorker(browser: Browser, extensionId: string): Promise<WebWorker> {
  const target = await browser.waitForTarget((t) => isExtensionTarget(t, extensionId, 'service_worker'), { timeout: 15_000 });
  const worker = await target.worker();
  if (!worker) throw new Error('the service worker target has no worker');
  return worker;
}

export function hasServiceWorker(browser: Browser, extensionId: string): boolean {
  return browser.targets().some((t) => isExtensionTarget(t, extensionId, 'service_worker'));
}

/** The offscreen document shows up as a 'background_page' target. */
export async function offscreenPage(browser: Browser, extensionId: string): Promise<Page> {
  const target = await browser.waitForTarget((t) => isExtensionTarget(t, extensionId, 'background_page', 'offscreen.html'), {
    timeout: 15_000,
  });
  const page = await target.asPage();
  return page;
}

export function offscreenCount(browser: Browser, extensionId: string): number {
  return browser.targets().filter((t) => isExtensionTarget(t, extensionId, 'background_page', 'offscreen.html')).length;
}

/** Opens an extension page (e.g. 'popup.html') in a tab and brings it to the front. */
export async function openExtensionPage(browser: Browser, extensionId: string, page: string): Promise<Page> {
  const tab = await browser.newPage();
  await tab.goto(extensionUrl(extensionId, page));
  await tab.bringToFront();
  return tab;
}

/**
 * Clears the cap on automatic pops (10 a minute, lib/screen-pop/pop-rate.ts) from an extension page,
 * for runs that pop far more often on purpose (the benchmark). The worker takes the change from the
 * storage event; the short wait lets that event arrive before the next call does.
 */
export async function resetPopCap(page: Page): Promise<void> {
  await page.evaluate(() => chrome.storage.session.remove('autoPopTimes'));
  await new Promise((resolve) => setTimeout(resolve, 20));
}

/** The worker's mirror, read from an extension page (reading does not wake the worker). */
export async function readPhoneState(page: Page): Promise<PhoneState | null> {
  return page.evaluate(async () => {
    const { phoneState } = await chrome.storage.session.get('phoneState');
    return (phoneState ?? null) as PhoneState | null;
  });
}

export async function readBadge(page: Page): Promise<{ text: string; title: string }> {
  return page.evaluate(async () => ({ text: await chrome.action.getBadgeText({}), title: await chrome.action.getTitle({}) }));
}

/** Stops the extension's service worker the way Chrome does when it is idle. */
export async function stopServiceWorkers(page: Page): Promise<void> {
  const session: CDPSession = await page.createCDPSession();
  try {
    await session.send('ServiceWorker.enable');
    await session.send('ServiceWorker.stopAllWorkers');
  } finally {
    await session.detach();
  }
}

/** The popup's live status line (role="status"). */
export async function popupStatus(page: Page): Promise<string> {
  return page.$eval('p[role="status"].status-line', (el) => el.textContent ?? '');
}

/** Fills the popup's settings form by its visible labels, then saves. */
export async function fillSettingsForm(page: Page, values: Record<string, string>): Promise<void> {
  await page.bringToFront();
  await openPopupSettings(page);
  for (const [label, value] of Object.entries(values)) {
    const field = await pollUntil(`the field labelled "${label}"`, () => fieldByLabel(page, label), (f) => f !== null);
    // Select what is there so typing replaces it, through real key events the form listens to.
    await field!.evaluate((el) => {
      el.focus();
      el.select();
    });
    await field!.type(value);
  }
  await page.locator('::-p-aria(Save[role="button"])').click();
}

/**
 * Shows the popup's settings form: open on first run, behind 'Settings' once the phone is set up
 * (components/popup/popup-app.tsx). Waits until the popup has decided; a page without the toggle
 * (the options page) is left as it is.
 */
export async function openPopupSettings(page: Page): Promise<void> {
  await pollUntil(
    'the settings form to be shown',
    () =>
      page.evaluate(() => {
        const toggle = document.querySelector<HTMLButtonElement>('[data-action="toggle-settings"]');
        if (!toggle) return true;
        if (toggle.hidden) return false; // the popup is still loading the settings
        if (toggle.getAttribute('aria-expanded') === 'true') return true;
        toggle.click();
        return false;
      }),
    (shown) => shown,
  );
}

async function fieldByLabel(page: Page, label: string): Promise<ElementHandle<HTMLInputElement> | null> {
  const handle = await page.evaluateHandle((text) => {
    const labelEl = [...document.querySelectorAll('label')].find((l) => l.textContent?.trim() === text);
    return labelEl?.control ?? null;
  }, label);
  return handle.asElement() as ElementHandle<HTMLInputElement> | null;
}

/**
 * Keeps every RTCPeerConnection the page creates from now on in `window.__peerConnections`, so a
 * test can read WebRTC stats of the phone in the offscreen document (SIP.js keeps its own
 * reference out of reach). Call before the call starts; the phone constructs the global at call time.
 */
export async function trackPeerConnections(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __peerConnections?: RTCPeerConnection[]; RTCPeerConnection: typeof RTCPeerConnection };
    if (w.__peerConnections) return;
    const pcs: RTCPeerConnection[] = [];
    w.__peerConnections = pcs;
    const Native = w.RTCPeerConnection;
    w.RTCPeerConnection = class extends Native {
      constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
        super(...args);
        pcs.push(this);
      }
    };
  });
}

/** Audio RTP packets sent and received by the newest tracked RTCPeerConnection of the page. */
export async function trackedAudioPackets(page: Page): Promise<{ sent: number; received: number; connections: number }> {
  return page.evaluate(async () => {
    const pcs = (window as unknown as { __peerConnections?: RTCPeerConnection[] }).__peerConnections ?? [];
    const totals = { sent: 0, received: 0, connections: pcs.length };
    const pc = pcs.at(-1);
    if (!pc) return totals;
    (await pc.getStats()).forEach((s: { type: string; kind?: string; packetsSent?: number; packetsReceived?: number }) => {
      if (s.kind !== 'audio') return;
      if (s.type === 'outbound-rtp') totals.sent += s.packetsSent ?? 0;
      if (s.type === 'inbound-rtp') totals.received += s.packetsReceived ?? 0;
    });
    return totals;
  });
}
