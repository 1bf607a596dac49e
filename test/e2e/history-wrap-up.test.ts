/**
 * Call history and wrap-up, end to end in Chromium: two calls through the test PBX (one answered
 * in the caller panel, one the caller gives up on), the missed-call count on the toolbar badge
 * while the popup is closed, the popup's history with both outcomes (which clears the badge),
 * 'Open record' from the history popping the CRM record again, and the wrap-up's disposition
 * webhook to the fixture CRM: the body as received, and a first try answered 500 that is shown,
 * retried and then delivered.
 *
 * Needs `TELEFORGE_CRM_ORIGINS=http://127.0.0.1,http://localhost npx wxt build` first.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { PLATFORMA_NOTIFICATION, platformaHeaderLines } from '../pbx/platforma-headers';
import { endLiveCalls, ringFromCaller, settle, startCrmSession, type CrmSession } from './helpers/crm-session';
import { fillSettingsForm, openExtensionPage, pollUntil, readBadge, readPhoneState } from './helpers/extension';
import { clickPanelButton, waitForPanel } from './helpers/panel-dom';

let session: CrmSession;
/** The popup once the calls are over (the session's first popup is closed before them). */
let popup: Page;
const TOKEN = 'hook-token-e2e';
const ANSWERED = { 'X-Platforma-Call-Ref': 'CR-ANS-1', 'X-Platforma-Contact-Ref': 'ACC-100' };
const MISSED = { 'X-Platforma-Call-Ref': 'CR-MISS-2', 'X-Platforma-Contact-Ref': 'ACC-200', 'X-Platforma-Number': '07700900999' };

beforeAll(async () => {
  session = await startCrmSession();
  await fillSettingsForm(session.popup, {
    'Disposition webhook URL': `${session.crm.origin}/hooks/wrap-up?call={call_ref}`,
    'Webhook token': TOKEN,
  });
  await pollUntil('the settings to be saved', () => session.popup.$eval('.save-state', (el) => el.textContent ?? ''), (t) => t === 'Saved');
  // A popup showing the history marks missed calls seen: keep it closed during the calls, and read
  // the worker's mirror and the badge from another extension page.
  const statusPage = await openExtensionPage(session.chromium.browser, session.chromium.extensionId, 'mic-permission.html');
  await session.popup.close();
  session.popup = statusPage;
}, 60_000);

afterEach(async () => {
  await endLiveCalls(session);
});

afterAll(async () => {
  await session?.close();
});

type Row = { entryId: string; outcome: string; number: string; contactRef: string; callRef: string; webhook: string | null; webhookText: string };

function historyRows(page: Page): Promise<Row[]> {
  return page.$$eval('[data-part="history"] [data-entry-id]', (items) =>
    items.map((li) => {
      const field = (name: string) => li.querySelector(`[data-field="${name}"]`)?.textContent ?? '';
      const status = li.querySelector<HTMLElement>('[data-field="webhook-status"]');
      return {
        entryId: (li as HTMLElement).dataset['entryId'] ?? '',
        outcome: (li as HTMLElement).dataset['outcome'] ?? '',
        number: field('number'),
        contactRef: field('contactRef'),
        callRef: field('callRef'),
        webhook: status?.dataset['state'] ?? null,
        webhookText: status?.textContent ?? '',
      };
    }),
  );
}

/** Clicks the button named `name` in the row of the call with this call ref (no input gate in the popup). */
async function clickInRow(page: Page, callRef: string, name: string): Promise<void> {
  await page.bringToFront();
  const clicked = await page.evaluate(
    (ref, label) => {
      const row = [...document.querySelectorAll('[data-entry-id]')].find((li) => li.querySelector('[data-field="callRef"]')?.textContent === `Call ${ref}`);
      const button = [...(row?.querySelectorAll('button') ?? [])].find((b) => b.textContent?.trim() === label);
      button?.click();
      return button !== undefined;
    },
    callRef,
    name,
  );
  expect(clicked, `a "${name}" button in the row of ${callRef}`).toBe(true);
}

const rowSelector = async (page: Page, callRef: string) =>
  `[data-entry-id="${(await historyRows(page)).find((r) => r.callRef === `Call ${callRef}`)!.entryId}"]`;

it('records an answered and a missed call, counts the missed one on the badge until the popup shows them, and re-pops a record', async () => {
  const { caller, crmTab, crm, chromium } = session;

  const answered = await ringFromCaller(session, platformaHeaderLines(ANSWERED));
  await waitForPanel(crmTab, answered.callId, (p) => p.state === 'ringing');
  await clickPanelButton(crmTab, 'Answer', answered.callId);
  await pollUntil('the call to be active', () => readPhoneState(session.popup), (s) => s?.calls.some((c) => c.id === answered.callId && c.state === 'active') ?? false);
  await settle(1_200);
  await caller.hangup();
  await pollUntil('the call to end', () => readPhoneState(session.popup), (s) => s?.calls.some((c) => c.id === answered.callId && c.state === 'ended') ?? false);

  const missed = await ringFromCaller(session, platformaHeaderLines(MISSED));
  await caller.cancel();
  await pollUntil(
    'the second call to end as missed',
    () => readPhoneState(session.popup),
    (s) => s?.calls.some((c) => c.id === missed.callId && c.state === 'ended' && c.endReason === 'missed') ?? false,
  );

  const badge = await pollUntil('the badge to count one missed call', () => readBadge(session.popup), (b) => b.text === '1');
  expect(badge.title).toContain('(1 missed call)');

  popup = await openExtensionPage(chromium.browser, chromium.extensionId, 'popup.html');
  const rows = await pollUntil('two calls in the popup history', () => historyRows(popup), (r) => r.length === 2);
  expect(rows.map(({ outcome, number, contactRef, callRef }) => ({ outcome, number, contactRef, callRef }))).toEqual([
    { outcome: 'missed', number: MISSED['X-Platforma-Number'], contactRef: 'Ref ACC-200', callRef: 'Call CR-MISS-2' },
    { outcome: 'answered', number: PLATFORMA_NOTIFICATION.number, contactRef: 'Ref ACC-100', callRef: 'Call CR-ANS-1' },
  ]);
  expect(await popup.$eval(`[data-entry-id="${rows[1]!.entryId}"] [data-field="duration"]`, (el) => el.textContent)).toMatch(/^0:0[1-9]$/);
  // Shown is seen: the count leaves the badge.
  await pollUntil('the badge to clear', () => readBadge(session.popup), (b) => b.text === '');

  // Open record from the history: the record of the answered call again, in the CRM tab.
  const since = performance.now();
  await clickInRow(popup, 'CR-ANS-1', 'Open record');
  const pop = await crm.waitForRequest((r) => r.path === '/contacts/ACC-100' && r.at >= since);
  expect(pop.method).toBe('GET');
  await pollUntil('the CRM tab to show the record', async () => crmTab.url(), (u) => u === `${crm.origin}/contacts/ACC-100`);
}, 90_000);

it('sends the wrap-up to the disposition webhook: the JSON body as documented, with the bearer token', async () => {
  const { crm } = session;
  await clickInRow(popup, 'CR-ANS-1', 'Wrap-up');
  const row = await rowSelector(popup, 'CR-ANS-1');
  await popup.waitForSelector(`${row} select[name="disposition"]`);
  await popup.select(`${row} select[name="disposition"]`, 'Resolved');
  await popup.type(`${row} textarea[name="note"]`, 'Spoke to the caller, "all sorted"');
  await popup.click(`${row} button[type="submit"]`);

  const hook = await crm.waitForHook((h) => h.rawUrl === '/hooks/wrap-up?call=CR-ANS-1');
  expect(hook.status).toBe(204);
  expect(hook.contentType).toBe('application/json');
  expect(hook.authorization).toBe(`Bearer ${TOKEN}`);
  const body = JSON.parse(hook.body) as Record<string, unknown>;
  expect(body).toEqual({
    call_ref: 'CR-ANS-1',
    contact_ref: 'ACC-100',
    number: PLATFORMA_NOTIFICATION.number,
    disposition: 'Resolved',
    note: 'Spoke to the caller, "all sorted"',
    duration: expect.any(Number),
    ext: '1001',
  });
  expect(body['duration']).toBeGreaterThanOrEqual(1);
  const shown = await pollUntil('the popup to say it was sent', () => historyRows(popup), (r) => r.find((x) => x.callRef === 'Call CR-ANS-1')?.webhook === 'sent');
  expect(shown.find((x) => x.callRef === 'Call CR-ANS-1')?.webhookText).toBe('Sent to the CRM');
}, 60_000);

it('shows a failing webhook (HTTP 500), retries it on its own and then delivers it', async () => {
  const { crm } = session;
  crm.failHooks(1);
  const before = crm.hookPosts().length;
  // The newest call not wrapped up yet has its wrap-up open already.
  const row = await rowSelector(popup, 'CR-MISS-2');
  await popup.waitForSelector(`${row} select[name="disposition"]`);
  await popup.select(`${row} select[name="disposition"]`, 'Callback');
  await popup.click(`${row} button[type="submit"]`);

  const failed = await crm.waitForHook((h) => h.rawUrl === '/hooks/wrap-up?call=CR-MISS-2');
  expect(failed.status).toBe(500);
  const shown = await pollUntil('the failure in the popup', () => historyRows(popup), (r) => r.find((x) => x.callRef === 'Call CR-MISS-2')?.webhook === 'pending');
  expect(shown.find((x) => x.callRef === 'Call CR-MISS-2')?.webhookText).toMatch(/^Webhook failed: http:\/\/127\.0\.0\.1:\d+ answered HTTP 500; retrying/);

  // The first retry is due 4-6 s after the failure.
  const retried = await crm.waitForHook((h) => h.rawUrl === '/hooks/wrap-up?call=CR-MISS-2' && h.status === 204, 20_000);
  expect(retried.at - failed.at).toBeGreaterThanOrEqual(3_500);
  expect(JSON.parse(retried.body)).toMatchObject({ call_ref: 'CR-MISS-2', disposition: 'Callback', duration: null });
  expect(crm.hookPosts().length - before).toBe(2);
  await pollUntil('the popup to say it was sent', () => historyRows(popup), (r) => r.find((x) => x.callRef === 'Call CR-MISS-2')?.webhook === 'sent');
}, 60_000);
