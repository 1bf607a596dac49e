/**
 * The extension's desktop notifications in Firefox, seen and clicked from the test. WebDriver BiDi
 * reaches neither the background page nor the OS notification, so (as firefox-extension.ts does for
 * the mirror) a script placed before background.js in the seeded copy of the build reports every
 * notifications.create / clear call the extension makes (and what Firefox answered) to a local
 * server (headless Firefox shows no OS alert, and its notifications.getAll() stays empty) and,
 * when the test asks for a click, calls the `notifications.onClicked` listeners the extension
 * added, with the notification's id: exactly what Firefox does when the agent clicks it (Firefox
 * notifications have no buttons, so onButtonClicked never fires there). The listeners are captured by wrapping addListener before
 * the extension's own code runs; nothing else of the extension is touched.
 */
import { readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { SeededBuild } from './firefox-extension';

/** A notification's options (the fields the tests read). */
export interface FirefoxNotice {
  title?: string;
  message?: string;
  buttons?: unknown;
}

/** One notifications.create call the extension made: its arguments and what Firefox answered. */
export interface CreatedNotice {
  id: string;
  options: FirefoxNotice & Record<string, unknown>;
  result: string | null;
  error: string | null;
}

export interface FirefoxNotices {
  /** Every notifications.create call so far, in order. */
  created(): Promise<CreatedNotice[]>;
  /** Every notifications.clear call so far (ids), in order. */
  cleared(): Promise<string[]>;
  /** The extension's moz-extension://<uuid>/ base URL (its pages open in a tab from there). */
  extensionBase(): Promise<string | undefined>;
  /**
   * Opens the popup's page in a tab from the background page (BiDi may not navigate to a
   * moz-extension:// URL); its microphone offer is then read through extension.getViews().
   */
  openPopupTab(): void;
  /** The text of the microphone offer in an extension tab (the popup opened above), or null. */
  micOffer(): Promise<string | null>;
  /** How many onClicked listeners the extension added (0 means a click would do nothing). */
  listeners(): Promise<number>;
  /** Clicks the notification `id` (the extension's onClicked listeners get it on the next report). */
  click(id: string): void;
  close(): Promise<void>;
}

/** Adds the notice probe to `build` (call before launching Firefox with it). */
export async function addNoticeProbe(build: SeededBuild): Promise<FirefoxNotices> {
  let latest: { origin: string; micOffer: string | null; listeners: number; created: CreatedNotice[]; cleared: string[] } | undefined;
  const clicks: string[] = [];
  let openPopup = false;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.method === 'POST' && body !== '') latest = JSON.parse(body) as typeof latest;
      // The background page reads the answer: a cross-origin read needs the CORS header.
      res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      res.end(JSON.stringify({ click: clicks.splice(0), openPopup }));
      openPopup = false;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const script = `(() => {
  const clicked = [];
  const created = [];
  const cleared = [];
  const api = browser.notifications;
  const create = api.create.bind(api);
  api.create = async (id, options) => {
    const entry = { id, options, result: null, error: null };
    created.push(entry);
    try {
      entry.result = await create(id, options);
      return entry.result;
    } catch (e) {
      entry.error = String(e && e.message || e);
      throw e;
    }
  };
  const clear = api.clear.bind(api);
  api.clear = (id) => {
    cleared.push(id);
    return clear(id);
  };
  const event = browser.notifications.onClicked;
  const add = event.addListener.bind(event);
  event.addListener = (listener) => {
    clicked.push(listener);
    return add(listener);
  };
  setInterval(async () => {
    const tabViews = browser.extension.getViews({ type: 'tab' });
    const micOffer = tabViews.map((w) => w.document.querySelector('.mic-offer')?.textContent).find((t) => t != null) ?? null;
    const report = { origin: browser.runtime.getURL('/'), micOffer, listeners: clicked.length, created, cleared };
    try {
      const res = await fetch('http://127.0.0.1:${port}/', { method: 'POST', body: JSON.stringify(report) });
      const { click, openPopup } = await res.json();
      for (const id of click) for (const listener of clicked) listener(id);
      if (openPopup) await browser.tabs.create({ url: browser.runtime.getURL('/popup.html') });
    } catch {}
  }, 100);
})();
`;
  await writeFile(path.join(build.dir, 'e2e-notices.js'), script);
  const manifestPath = path.join(build.dir, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
  const scripts: string[] = manifest.background.scripts;
  // Before the extension's background.js (after the settings seed, if any).
  const at = scripts.findIndex((s) => !s.startsWith('e2e-'));
  scripts.splice(at === -1 ? scripts.length : at, 0, 'e2e-notices.js');
  await writeFile(manifestPath, JSON.stringify(manifest));

  return {
    extensionBase: async () => latest?.origin,
    openPopupTab: () => void (openPopup = true),
    micOffer: async () => latest?.micOffer ?? null,
    created: async () => latest?.created ?? [],
    cleared: async () => latest?.cleared ?? [],
    listeners: async () => latest?.listeners ?? 0,
    click: (id) => void clicks.push(id),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
