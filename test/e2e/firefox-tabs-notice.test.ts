/**
 * Firefox ESR (MV2) on par with screen-pop-tabs.test.ts: three CRM tabs get exactly one record pop
 * and one full panel (the others a ringing strip that can take the call); with no CRM tab open the
 * agent gets a desktop notification instead. Firefox notifications have no buttons: clicking one
 * opens the call's record (a new tab when no CRM tab is open) and does NOT answer; the agent
 * answers from the panel in that tab. The click is delivered to the extension's own onClicked
 * listeners (helpers/firefox-notices.ts), as Firefox does.
 *
 * Needs `TELEFORGE_CRM_ORIGINS=http://127.0.0.1,http://localhost npx wxt build -b firefox` first.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { platformaHeaderLines } from '../pbx/platforma-headers';
import { openCrmTab, recordPops, settle } from './helpers/crm-session';
import { pollUntil } from './helpers/extension';
import { endLiveFirefoxCalls, ringInFirefox, startFirefoxCrmSession, type FirefoxCrmSession } from './helpers/firefox-crm-session';
import { clickFirefoxPanelButton } from './helpers/firefox-panel';
import { readPanelDom, waitForPanel, waitForStrip } from './helpers/panel-dom';

let session: FirefoxCrmSession;

beforeAll(async () => {
  session = await startFirefoxCrmSession();
});

afterEach(async () => {
  await endLiveFirefoxCalls(session);
});

afterAll(async () => {
  await session?.close();
});

async function dismiss(tab: Page, callId: string): Promise<void> {
  await clickFirefoxPanelButton(tab, 'Dismiss', callId);
  await pollUntil('the wrap-up view to go', () => readPanelDom(tab), (d) => !d.panels.some((p) => p.callId === callId));
}

it('three CRM tabs: one record pop and one full panel in the most recent tab, strips elsewhere; a strip takes the call', async () => {
  const { crm, crmTab, firefox, caller, dialogs } = session;
  const second = await openCrmTab(firefox.browser, crm, dialogs, '/contacts/ACC-1024');
  const third = await openCrmTab(firefox.browser, crm, dialogs, '/search?q=Haddad');
  const tabs = [crmTab, second, third];
  await third.bringToFront(); // the most recently used CRM tab gets the pop (popTarget 'reuse-tab')

  const { callId, since } = await ringInFirefox(session, platformaHeaderLines({ 'X-Platforma-Call-Ref': 'CR-FF-TABS-1' }));
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
  expect((await readPanelDom(caller.page)).hosts).toBe(0);

  await clickFirefoxPanelButton(second, 'Answer', callId);
  await pollUntil('the caller to see the call established', () => caller.sessionState(), (s) => s === 'Established');
  await waitForPanel(second, callId, (p) => p.state === 'active');
  await pollUntil('the strips to go', () => readPanelDom(crmTab), (d) => !d.strips.some((s) => s.callId === callId));

  await caller.hangup();
  const ended = await waitForPanel(second, callId, (p) => p.state === 'ended');
  expect(ended).toMatchObject({ endReason: 'caller-hung-up', outcome: 'Caller hung up' });
  await dismiss(second, callId);
  expect(recordPops(crm, since)).toHaveLength(1);
  await second.close();
  await third.close();
  expect(dialogs).toEqual([]);
});

/** The notification shown for `callId` (Firefox refuses `buttons`: the extension shows it again without). */
async function noticeFor(callId: string) {
  const { notices } = session;
  const created = await pollUntil('a notification shown for the call', notices.created, (list) =>
    list.some((n) => n.id.endsWith(callId) && n.result !== null),
  );
  const shown = created!.filter((n) => n.id.endsWith(callId));
  console.log(`Firefox notifications.create for ${callId}: ${JSON.stringify(shown.map((n) => ({ buttons: 'buttons' in n.options, result: n.result !== null, error: n.error })))}`);
  return shown.at(-1)!;
}

it('with no CRM tab open: a notification (no buttons); clicking it opens the record in a new tab and does not answer', async () => {
  const { crm, crmTab, firefox, caller, notices, probe } = session;
  await crmTab.close();
  const { callId, since } = await ringInFirefox(session, platformaHeaderLines({ 'X-Platforma-Call-Ref': 'CR-FF-NOTAB-1' }));
  const notice = await noticeFor(callId);
  expect(notice.options).toMatchObject({ title: 'Incoming call from 07700900123' });
  expect(notice.options.message).toContain('Contact ACC-5567');
  expect(notice.options).not.toHaveProperty('buttons');
  await settle(1_000);
  // Nothing was popped on its own: the click is what pops the record.
  expect(recordPops(crm, since)).toEqual([]);
  expect(await notices.listeners()).toBeGreaterThan(0);

  const pagesBefore = (await firefox.browser.pages()).length;
  notices.click(notice.id);
  await crm.waitForRequest((r) => r.path === '/contacts/ACC-5567' && r.at >= since);
  const tab = await pollUntil(
    'a new tab at the record',
    async () => (await firefox.browser.pages()).find((p) => p.url() === `${crm.origin}/contacts/ACC-5567`),
    (p) => p !== undefined,
  );
  expect((await firefox.browser.pages()).length).toBe(pagesBefore + 1);
  await pollUntil('the clicked notification to be cleared', notices.cleared, (ids) => ids.includes(notice.id));
  const panel = await waitForPanel(tab!, callId, (p) => p.state === 'ringing');
  expect(panel.buttons).toEqual(expect.arrayContaining(['Answer', 'Decline']));
  // The click opened the record; the call still rings (the caller has had no answer).
  expect((await probe.read())?.phoneState?.calls.find((c) => c.id === callId)?.state).toBe('ringing');
  expect(await caller.finalStatus()).toBeNull();

  await clickFirefoxPanelButton(tab!, 'Answer', callId);
  await pollUntil('the caller to see the call established', () => caller.sessionState(), (s) => s === 'Established');
  await caller.hangup();
  await waitForPanel(tab!, callId, (p) => p.state === 'ended');
  await dismiss(tab!, callId);
  expect(recordPops(crm, since)).toHaveLength(1);
});

it('a notification for a call the caller gives up on is cleared without a pop', async () => {
  const { crm, firefox, caller, notices } = session;
  for (const page of await firefox.browser.pages()) if (page.url().startsWith(crm.origin)) await page.close();
  const { callId, since } = await ringInFirefox(session, platformaHeaderLines({ 'X-Platforma-Call-Ref': 'CR-FF-NOTAB-2' }));
  const notice = await noticeFor(callId);
  await caller.cancel();
  await pollUntil('the caller to get 487', () => caller.finalStatus(), (s) => s === 487);
  await pollUntil('the notification to be cleared once the call is over', notices.cleared, (ids) => ids.includes(notice.id));
  expect(recordPops(crm, since)).toEqual([]);
});
