/**
 * The CRM's exact origin, with the built extension (loopback CRM preset): host permissions and
 * content-script match patterns carry no port, so the panel script also lands on other ports of
 * the CRM's host. The fixture CRM runs on two ports; only the configured one gets the panel and
 * the pop, and on the other the script, refused by the worker, removes itself and says nothing
 * (no warning in the page's console, no new attempt when the tab is shown again).
 *
 * Needs `TELEFORGE_CRM_ORIGINS=http://127.0.0.1,http://localhost npx wxt build` first.
 */
import type { ConsoleMessage, Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCrm, type CrmServer } from '../crm/crm-server';
import { platformaHeaderLines } from '../pbx/platforma-headers';
import { endLiveCalls, recordPops, ringFromCaller, settle, startCrmSession, type CrmSession } from './helpers/crm-session';
import { pollUntil } from './helpers/extension';
import { readPanelDom, waitForPanel } from './helpers/panel-dom';

let session: CrmSession;
/** The same fixture CRM on another port of the same host: not in the settings. */
let otherPort: CrmServer;

beforeAll(async () => {
  session = await startCrmSession();
  otherPort = await startCrm();
});

afterAll(async () => {
  await endLiveCalls(session);
  await session?.close();
  await otherPort?.close();
});

/** Everything the page's console gets that mentions the extension's panel. */
function panelConsole(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (/teleforge/i.test(m.text())) seen.push(`${m.type()}: ${m.text()}`);
  });
  return seen;
}

it('a CRM template on one port gives no panel on another port of the same host; the script there stays quiet', async () => {
  const { crm, crmTab, chromium, dialogs } = session;
  expect(new URL(otherPort.origin).hostname).toBe(new URL(crm.origin).hostname);
  expect(otherPort.port).not.toBe(crm.port);

  const other = await chromium.browser.newPage();
  const otherConsole = panelConsole(other);
  await other.goto(`${otherPort.origin}/`);
  // The other port is the tab used last: with only a match pattern to go by it would take the pop.
  await other.bringToFront();
  // The script is injected there (the pattern has no port) and asks the worker, which refuses.
  await settle(1_000);

  const since = performance.now();
  const { callId } = await ringFromCaller(session, platformaHeaderLines({ 'X-Platforma-Call-Ref': 'CR-PORT-1' }));
  await crm.waitForRequest((r) => r.path === '/contacts/ACC-5567' && r.at >= since);
  await waitForPanel(crmTab, callId, (p) => p.state === 'ringing');
  await settle(1_000);

  expect(recordPops(crm, since).map((r) => r.path)).toEqual(['/contacts/ACC-5567']);
  expect(otherPort.requests().filter((r) => r.path !== '/' && r.path !== '/favicon.ico')).toEqual([]);
  expect((await readPanelDom(other)).hosts).toBe(0);
  expect(other.url()).toBe(`${otherPort.origin}/`);

  // Shown again (visibilitychange) a few times: no new attempt, nothing logged.
  for (let i = 0; i < 3; i++) {
    await crmTab.bringToFront();
    await other.bringToFront();
  }
  await settle(500);
  expect((await readPanelDom(other)).hosts).toBe(0);
  expect(otherConsole).toEqual([]);

  await session.caller.cancel();
  await pollUntil('the caller to get 487', () => session.caller.finalStatus(), (s) => s === 487);
  expect(dialogs).toEqual([]);
  await other.close();
});
