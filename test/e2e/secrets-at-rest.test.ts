/**
 * Secrets at rest, with the built extension in Chromium (loopback CRM preset): after the agent
 * saved a SIP password and a TURN credential through the popup, code running in the CRM tab's
 * content-script world (the isolated world, with the extension APIs a content script has) reads
 * storage.local, storage.sync and storage.session and finds neither secret; the same after a
 * browser restart with the profile kept, where the phone still registers (the worker reads the
 * secrets from the extension's own IndexedDB).
 *
 * Needs `TELEFORGE_CRM_ORIGINS=http://127.0.0.1,http://localhost npx wxt build` first.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCrm, type CrmServer } from '../crm/crm-server';
import { startPbx, type Pbx } from '../pbx/kamailio';
import { AGENT, agentSettings } from './helpers/agent-session';
import { crmSettings } from './helpers/crm-session';
import { fillSettingsForm, openExtensionPage, pollUntil, popupStatus, serviceWorker } from './helpers/extension';
import { launchChromium, type LaunchedBrowser } from './helpers/launch-browser';

const TURN_USER = 'agent-turn';
const TURN_SECRET = 'turn-secret-4821';

let profileDir: string;
let crm: CrmServer;
let pbx: Pbx;
let chromium: LaunchedBrowser | undefined;

/** What a content script in the tab sees, per storage area: its JSON, or the error it got. */
interface ContentView {
  ran: boolean;
  areas: Record<'local' | 'sync' | 'session', string>;
  /** The IndexedDB databases a content script can list: the page's. */
  databases: string[];
}

beforeAll(async () => {
  profileDir = await mkdtemp(path.join(os.tmpdir(), 'e2e-secrets-profile-'));
  crm = await startCrm();
  pbx = await startPbx();
});

afterAll(async () => {
  await chromium?.close();
  await pbx?.stop();
  await crm?.close();
  if (profileDir) await rm(profileDir, { recursive: true, force: true });
});

/**
 * The popup's way to take a TURN credential: its own masked field; a build without one (the
 * version before this test) took it as the third word of the server line.
 */
async function turnFields(popup: Page): Promise<Record<string, string>> {
  // The form renders after its settings (and the policy) are read, which may be after the status line.
  await pollUntil('the settings form', () => popup.evaluate(() => document.querySelector('form.settings') !== null), (shown) => shown);
  const ownField = await popup.evaluate(() => [...document.querySelectorAll('label')].some((l) => l.textContent?.trim() === 'TURN credential'));
  const server = 'turn:127.0.0.1:3478';
  return ownField
    ? { 'ICE servers': `${server} ${TURN_USER}`, 'TURN credential': TURN_SECRET }
    : { 'ICE servers': `${server} ${TURN_USER} ${TURN_SECRET}` };
}

/** Opens a CRM page and runs the storage reads in its content-script world, from the worker. */
async function readFromContentScript(browser: LaunchedBrowser): Promise<ContentView> {
  const tab = await browser.browser.newPage();
  await tab.goto(`${crm.origin}/`);
  const worker = await serviceWorker(browser.browser, browser.extensionId);
  return worker.evaluate(async (url) => {
    const [target] = await chrome.tabs.query({ url: `${url}/*` });
    if (target?.id === undefined) throw new Error(`no tab at ${url}`);
    const [result] = await chrome.scripting.executeScript({
      target: { tabId: target.id },
      world: 'ISOLATED',
      func: async () => {
        const read = async (area: chrome.storage.StorageArea | undefined) => {
          try {
            if (!area) return 'no such area';
            return JSON.stringify(await area.get(null));
          } catch (e) {
            return `error: ${e instanceof Error ? e.message : String(e)}`;
          }
        };
        const databases = typeof indexedDB.databases === 'function' ? (await indexedDB.databases()).map((d) => d.name ?? '') : [];
        return {
          ran: typeof chrome.runtime?.id === 'string',
          areas: { local: await read(chrome.storage.local), sync: await read(chrome.storage.sync), session: await read(chrome.storage.session) },
          databases,
        };
      },
    });
    return result?.result as ContentView;
  }, crm.origin);
}

function expectNoSecret(view: ContentView): void {
  expect(view.ran, 'the probe ran as a content script of the extension').toBe(true);
  for (const [area, text] of Object.entries(view.areas)) {
    expect(text, `storage.${area} seen from the content script`).not.toContain(pbx.users[AGENT]!);
    expect(text, `storage.${area} seen from the content script`).not.toContain(TURN_SECRET);
  }
  // Chrome restricts storage.local to the extension (setAccessLevel): not even the other settings.
  expect(view.areas.local).not.toContain(AGENT_MARKER);
  expect(view.databases).not.toContain('teleforge-secrets');
}

/** A value of the saved settings that is no secret, to tell that storage.local is closed altogether. */
const AGENT_MARKER = '"extension":"1001"';

describe('secrets at rest (Chromium)', () => {
  it('a content script in the CRM tab finds neither the SIP password nor the TURN credential in extension storage', async () => {
    chromium = await launchChromium({ profileDir });
    const popup = await openExtensionPage(chromium.browser, chromium.extensionId, 'popup.html');
    await pollUntil('the popup to load', () => popupStatus(popup), (t) => t === 'Not configured');
    await fillSettingsForm(popup, { ...agentSettings(pbx), ...crmSettings(crm), ...(await turnFields(popup)) });
    await pollUntil('the popup to say "Registered as 1001"', () => popupStatus(popup), (t) => t === `Registered as ${AGENT}`);
    // The popup (an extension page) still has both secrets to show.
    expect(await popup.evaluate(() => (document.getElementById('password') as HTMLInputElement).value)).toBe(pbx.users[AGENT]);
    expectNoSecret(await readFromContentScript(chromium));
  });

  it('the same after a browser restart with the profile kept, and the phone registers with the stored password', async () => {
    await chromium!.close();
    chromium = await launchChromium({ profileDir });
    // Straight away: the content script's first chance, as early as a test can take it.
    expectNoSecret(await readFromContentScript(chromium));
    const popup = await openExtensionPage(chromium.browser, chromium.extensionId, 'popup.html');
    await pollUntil('the popup to say "Registered as 1001" after the restart', () => popupStatus(popup), (t) => t === `Registered as ${AGENT}`, {
      timeoutMs: 30_000,
    });
    expectNoSecret(await readFromContentScript(chromium));
  });
});
