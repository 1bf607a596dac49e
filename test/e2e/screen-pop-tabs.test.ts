/**
 * Screen-pop across tabs and worker lifetimes, with the built extension (loopback CRM preset):
 * three CRM tabs get exactly one record pop and one full panel (the others a ringing strip that can
 * take the call); a stopped service worker still rings and pops; with no CRM tab open the agent
 * gets a desktop notification instead.
 *
 * Needs `TELEFORGE_CRM_ORIGINS=http://127.0.0.1,http://localhost npx wxt build` first.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { platformaHeaderLines } from '../pbx/platforma-headers';
import { endLiveCalls, openCrmTab, recordPops, ringFromCaller, settle, startCrmSession, type CrmSession } from './helpers/crm-session';
import { hasServiceWorker, pollUntil, readPhoneState, serviceWorker, stopServiceWorkers } from './helpers/extension';
import { clickPanelButton, epochOf, readPanelDom, recordPanelEvents, waitForPanel, waitForStrip, type PanelEvent } from './helpers/panel-dom';

let session: CrmSession;

beforeAll(async () => {
  session = await startCrmSession();
});

afterEach(async () => {
  await endLiveCalls(session);
});

afterAll(async () => {
  await session?.close();
});

/** Ends the ringing call from the caller side and dismisses its wrap-up in `tab`. */
async function cancelAndDismiss(tab: Page, callId: string): Promise<void> {
  await session.caller.cancel();
  await pollUntil('the caller to get 487', () => session.caller.finalStatus(), (s) => s === 487);
  await waitForPanel(tab, callId, (p) => p.state === 'ended');
  await clickPanelButton(tab, 'Dismiss', callId);
  await pollUntil('the wrap-up view to go', () => readPanelDom(tab), (d) => !d.panels.some((p) => p.callId === callId));
}

it('three CRM tabs: one record pop and one full panel in the most recent tab, strips elsewhere; a strip takes the call', async () => {
  const { crm, crmTab, chromium, caller, dialogs } = session;
  const second = await openCrmTab(chromium.browser, crm, dialogs, '/contacts/ACC-1024');
  const third = await openCrmTab(chromium.browser, crm, dialogs, '/search?q=Haddad');
  const tabs = [crmTab, second, third];
  await third.bringToFront(); // the most recently used CRM tab gets the pop (popTarget 'reuse-tab')

  const since = performance.now();
  const { callId } = await ringFromCaller(session, platformaHeaderLines({ 'X-Platforma-Call-Ref': 'CR-TABS-1' }));
  await crm.waitForRequest((r) => r.path === '/contacts/ACC-5567' && r.at >= since);
  await waitForPanel(third, callId, (p) => p.state === 'ringing');
  for (const tab of [crmTab, second]) {
    const strip = await waitForStrip(tab, callId);
    expect(strip.buttons).toEqual(expect.arrayContaining(['Answer', 'Decline']));
    expect(strip.text).toContain('07700900123');
  }
  await settle(1_500); // a second pop, if there were one, would have come by now

  expect(recordPops(crm, since).map((r) => r.path)).toEqual(['/contacts/ACC-5567']);
  const doms = await Promise.all(tabs.map((t) => readPanelDom(t)));
  expect(doms.map((d) => d.panels.filter((p) => p.callId === callId).length)).toEqual([0, 0, 1]);
  expect(doms.map((d) => d.strips.filter((s) => s.callId === callId).length)).toEqual([1, 1, 0]);
  expect([crmTab.url(), second.url(), third.url()]).toEqual([`${crm.origin}/`, `${crm.origin}/contacts/ACC-1024`, `${crm.origin}/contacts/ACC-5567`]);
  // The caller page is on the same host but another port: no CRM tab, no panel.
  expect((await readPanelDom(caller.page)).hosts).toBe(0);

  // Taking the call from a strip answers it; that tab then shows the full panel.
  await clickPanelButton(second, 'Answer', callId);
  await pollUntil('the caller to see the call established', () => caller.sessionState(), (s) => s === 'Established');
  await waitForPanel(second, callId, (p) => p.state === 'active');
  await pollUntil('the strips to go', () => readPanelDom(crmTab), (d) => !d.strips.some((s) => s.callId === callId));

  await caller.hangup();
  const ended = await waitForPanel(second, callId, (p) => p.state === 'ended');
  expect(ended).toMatchObject({ endReason: 'caller-hung-up', outcome: 'Caller hung up' });
  await clickPanelButton(second, 'Dismiss', callId);
  await pollUntil('the wrap-up view to go', () => readPanelDom(second), (d) => !d.panels.some((p) => p.callId === callId));
  expect(recordPops(crm, since)).toHaveLength(1);
  await second.close();
  await third.close();
  await crmTab.bringToFront();
  expect(dialogs).toEqual([]);
});

it('with the service worker stopped before the call, the call still rings and pops', async () => {
  const { crm, crmTab, chromium, popup } = session;
  const events: PanelEvent[] = [];
  await recordPanelEvents(crmTab, (e) => events.push(e));
  await crmTab.goto(`${crm.origin}/`);
  await settle(500); // let the fresh page's panel say hello first, so the stop is not undone by it
  await stopServiceWorkers(popup);
  await pollUntil('the service worker to stop', async () => hasServiceWorker(chromium.browser, chromium.extensionId), (running) => !running);

  const { callId, since, inviteAt } = await ringFromCaller(session, platformaHeaderLines({ 'X-Platforma-Call-Ref': 'CR-ASLEEP-1' }));
  const pop = await crm.waitForRequest((r) => r.path === '/contacts/ACC-5567' && r.at >= since);
  const panel = await waitForPanel(crmTab, callId, (p) => p.state === 'ringing');
  expect(panel.fields.callRef).toBe('CR-ASLEEP-1');
  const shown = events.find((e) => e.kind === 'panel' && e.callId === callId)!;
  const ms = (at: number) => `${(at - inviteAt).toFixed(0)} ms`;
  console.log(`worker asleep: INVITE -> record request ${ms(epochOf(pop.at))}, INVITE -> panel ${ms(shown.at)} (in ${new URL(shown.url).pathname})`);
  await cancelAndDismiss(crmTab, callId);
});

it('with no CRM tab open, a desktop notification is shown for the ringing call', async () => {
  const { crm, crmTab, chromium, popup } = session;
  await crmTab.close();
  const since = performance.now();
  const { callId } = await ringFromCaller(session, platformaHeaderLines({ 'X-Platforma-Call-Ref': 'CR-NOTAB-1' }));
  const worker = await serviceWorker(chromium.browser, chromium.extensionId);
  const ids = await pollUntil(
    'a notification from the extension',
    () => worker.evaluate(async () => Object.keys(await chrome.notifications.getAll())),
    (list) => list.length > 0,
  );
  expect(ids.length).toBe(1);
  expect((await readPhoneState(popup))?.calls.find((c) => c.id === callId)?.state).toBe('ringing');

  await session.caller.cancel();
  await pollUntil('the caller to get 487', () => session.caller.finalStatus(), (s) => s === 487);
  await pollUntil(
    'the notification to be cleared once the call is over',
    () => worker.evaluate(async () => Object.keys(await chrome.notifications.getAll())),
    (list) => list.length === 0,
  );
  // Nothing was popped on its own: the notification's click is what pops the record.
  expect(recordPops(crm, since)).toEqual([]);
});
