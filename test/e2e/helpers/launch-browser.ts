/**
 * Launches Debian's Chromium with the built extension loaded, for the e2e tests.
 * The extension must be built first (`npx wxt build`); the tests do not build it themselves,
 * so a stale or missing build is an explicit failure rather than a slow surprise.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser } from 'puppeteer-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const CHROME_BUILD = path.join(ROOT, '.output/chrome-mv3');
/** `wxt build --mode pseudo-rtl`: CHROME_BUILD plus the pseudo-RTL test locale 'he' (locales/README.md). */
export const CHROME_PSEUDO_RTL_BUILD = path.join(ROOT, '.output/chrome-mv3-pseudo-rtl');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** See PLATFORM-NOTES: without the networking flags Chromium floods the closed network. */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--use-fake-device-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
];

export interface LaunchOptions {
  /** Accept every media permission prompt (default). Off: no grant until the test gives one. */
  fakeMediaUi?: boolean;
  /** Run without a window (default). The demo opens a real window when a display is there. */
  headless?: boolean;
  /** Page viewport; null follows the window size (headful). Default: puppeteer's 800x600. */
  viewport?: { width: number; height: number } | null;
  /** More Chromium flags, e.g. a window size. */
  extraArgs?: string[];
  /**
   * Keep the profile in this directory (not deleted on close) and load the extension by command-line
   * flag, so a later launch with the same directory is a browser restart with the extension and its
   * settings already there (the benchmark's "browser start to registered").
   */
  profileDir?: string;
  /**
   * More environment for the browser, e.g. `{ LANGUAGE: 'de' }`: Chromium on Linux takes its UI
   * language (and so the extension's messages) from the environment, not from `--lang`.
   */
  env?: Record<string, string>;
}

export interface LaunchedBrowser {
  browser: Browser;
  extensionId: string;
  close(): Promise<void>;
}

export function assertBuilt(dir = CHROME_BUILD): void {
  if (!existsSync(path.join(dir, 'manifest.json'))) {
    const build = dir.includes('firefox') ? 'npx wxt build -b firefox' : dir.endsWith('pseudo-rtl') ? 'npx wxt build --mode pseudo-rtl' : 'npx wxt build';
    throw new Error(`The built extension is missing at ${path.relative(ROOT, dir)}: run \`${build}\` before the e2e tests.`);
  }
}

export async function launchChromium(
  { fakeMediaUi = true, headless = true, viewport, extraArgs = [], profileDir, env }: LaunchOptions = {},
  extensionDir = CHROME_BUILD,
): Promise<LaunchedBrowser> {
  assertBuilt(extensionDir);
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (install the Debian package chromium)`);
  // A fresh profile each time unless asked: no microphone grant, no storage left from an earlier run.
  const userDataDir = profileDir ?? (await mkdtemp(path.join(os.tmpdir(), 'e2e-chromium-')));
  const removeProfile = () => (profileDir ? Promise.resolve() : rm(userDataDir, { recursive: true, force: true }));
  const byFlag = profileDir ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`] : [];
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless,
    pipe: true,
    enableExtensions: true,
    userDataDir,
    ...(env !== undefined ? { env: { ...process.env, ...env } } : {}),
    ...(viewport !== undefined ? { defaultViewport: viewport } : {}),
    args: [...(fakeMediaUi ? [...FLAGS, '--use-fake-ui-for-media-stream'] : FLAGS), ...byFlag, ...extraArgs],
  });
  try {
    const extensionId = profileDir ? await flagLoadedExtensionId(browser) : await browser.installExtension(extensionDir);
    return {
      browser,
      extensionId,
      async close() {
        await browser.close().catch(() => {});
        await removeProfile();
      },
    };
  } catch (error) {
    await browser.close().catch(() => {});
    await removeProfile();
    throw error;
  }
}

/** The id of the one extension loaded by --load-extension: its service worker's URL host. */
async function flagLoadedExtensionId(browser: Browser): Promise<string> {
  const worker = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'), {
    timeout: 15_000,
  });
  return new URL(worker.url()).host;
}

export const FIREFOX_BUILD = path.join(ROOT, '.output/firefox-mv2');
const FIREFOX = process.env['FIREFOX_PATH'] ?? '/usr/bin/firefox-esr';

/** Fake media, no permission prompts, autoplay allowed, ICE on loopback (PLATFORM-NOTES). */
const FIREFOX_PREFS = {
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  'media.autoplay.default': 0,
  'media.peerconnection.ice.loopback': true,
};

/**
 * Firefox ESR over WebDriver BiDi with the extension installed as a temporary add-on. Its
 * background page is no puppeteer target: tests observe the extension through the PBX.
 */
export async function launchFirefox(extensionDir = FIREFOX_BUILD): Promise<Omit<LaunchedBrowser, 'extensionId'>> {
  assertBuilt(extensionDir);
  if (!existsSync(FIREFOX)) throw new Error(`Firefox not found at ${FIREFOX} (install the Debian package firefox-esr)`);
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    extraPrefsFirefox: FIREFOX_PREFS,
  });
  try {
    await browser.installExtension(extensionDir);
  } catch (error) {
    await browser.close().catch(() => {});
    throw error;
  }
  return { browser, close: () => browser.close().catch(() => {}) };
}
