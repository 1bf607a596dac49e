/**
 * Hostile X-Platforma header values through the real PBX into the CRM page: markup and script,
 * '../', '?'/'&'/'#', 2 KB strings, RTL, CJK and emoji. The panel must show each cleaned value as
 * text (its textContent equals the decoded value in the worker's mirror, no element is injected,
 * no dialog opens: the payloads call alert(1) if they ever run), the record pop must stay on the
 * CRM origin under /contacts/ with the value in one encoded path segment (or be refused with the
 * search by number when the record page is refused as unsafe), the browser must request nothing
 * outside the CRM, and the next normal call must still ring and pop as usual.
 *
 * Needs `TELEFORGE_CRM_ORIGINS=http://127.0.0.1,http://localhost npx wxt build` first.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Page, Target } from 'puppeteer-core';
import type { CallNotification } from '../../lib/call-notification';
import { fieldText } from '../../lib/content/panel-text';
import { IMG, SCRIPT } from '../pbx/hostile-invites';
import { PLATFORMA_NOTIFICATION, platformaHeaderLines } from '../pbx/platforma-headers';
import { endLiveCalls, recordPops, ringFromCaller, settle, startCrmSession, type CrmSession } from './helpers/crm-session';
import { pollUntil, readPhoneState } from './helpers/extension';
import { clickPanelButton, readPanelDom, waitForPanel, type PanelSnapshot } from './helpers/panel-dom';

const CAMPAIGN = `👩‍💻 مركز الاتصال ${'客'.repeat(2048)}`;
const EMOJI_2K = `x${'😀'.repeat(1023)}x`;

interface Case {
  name: string;
  headers: Record<string, string>;
  /** 'search': the record page is refused as unsafe and the search by number is popped instead. */
  pops: 'record' | 'search';
}

const CASES: Case[] = [
  {
    name: 'HTML and script markup, bidi overrides, 2 KB RTL/CJK/emoji campaign',
    headers: {
      'X-Platforma-Number': `\u202E${IMG}\u2069`,
      'X-Platforma-Contact-Ref': SCRIPT,
      'X-Platforma-Dial-Number': '../../admin?a=1&b=2#frag',
      'X-Platforma-Call-Ref': `<b onmouseover=alert(1)>CR</b>`,
      'X-Platforma-Campaign-Ref': CAMPAIGN,
    },
    pops: 'record',
  },
  { name: 'path traversal in the contact ref', headers: { 'X-Platforma-Contact-Ref': '../../admin' }, pops: 'record' },
  { name: 'query and fragment characters in the contact ref', headers: { 'X-Platforma-Contact-Ref': '?a=1&b=2#frag', 'X-Platforma-Call-Ref': '?x=1&y=2#z' }, pops: 'record' },
  {
    name: '2 KB values and unicode',
    headers: {
      'X-Platforma-Contact-Ref': 'A'.repeat(2048),
      'X-Platforma-Dial-Number': EMOJI_2K,
      'X-Platforma-Number': '+44 7700 900123 مرحبا 👋',
    },
    pops: 'record',
  },
  { name: 'a contact ref that is a whole ".." segment', headers: { 'X-Platforma-Contact-Ref': '..' }, pops: 'search' },
];

let session: CrmSession;
/** Every URL any page of the browser requested. */
const requested: string[] = [];

beforeAll(async () => {
  session = await startCrmSession();
  const { chromium, crmTab, dialogs } = session;
  const watch = (page: Page | null) => page?.on('request', (r) => void requested.push(r.url()));
  for (const page of await chromium.browser.pages()) watch(page);
  chromium.browser.on('targetcreated', (t: Target) => void t.page().then(watch).catch(() => {}));
  // Self-check: the dialog watch does see an alert in the CRM tab, so "no dialog" below means something.
  await crmTab.evaluate(() => void setTimeout(() => alert('self-check'), 0));
  await pollUntil('the self-check alert', async () => dialogs.length, (n) => n === 1);
  dialogs.length = 0;
});

afterEach(async () => {
  await endLiveCalls(session);
});

afterAll(async () => {
  await session?.close();
});

function expectedFields(n: CallNotification): PanelSnapshot['fields'] {
  const f = fieldText;
  return { number: f(n.number), dialNumber: f(n.dialNumber), holdTime: 'waited 42 s', campaignRef: f(n.campaignRef), contactRef: f(n.contactRef), callRef: f(n.callRef) };
}

async function pageIsClean(): Promise<void> {
  const { crmTab } = session;
  const dom = await readPanelDom(crmTab);
  expect(dom.injected).toBe(0);
  // The fixture pages have exactly one script (the lookup box) and no event-handler attributes.
  expect(await crmTab.evaluate(() => ({ scripts: document.scripts.length, handlers: document.querySelectorAll('[onerror],[onload],[onmouseover]').length }))).toEqual({
    scripts: 1,
    handlers: 0,
  });
}

it.each(CASES)('$name: rendered as text, popped on the CRM origin only, no script ran', async ({ headers, pops }) => {
  const { crm, crmTab, caller, popup, dialogs } = session;
  await crmTab.bringToFront();
  const since = performance.now();
  const { callId } = await ringFromCaller(session, platformaHeaderLines(headers));
  const notification = (await readPhoneState(popup))!.calls.find((c) => c.id === callId)!.notification;

  await waitForPanel(crmTab, callId, (p) => p.state === 'ringing');
  if (pops === 'record') {
    const pop = await crm.waitForRequest((r) => r.path.startsWith('/contacts/') && r.at >= since);
    expect(pop.path).toBe(`/contacts/${encodeURIComponent(notification.contactRef)}`);
    expect(pop.rawUrl).toBe(pop.path); // no query string or fragment leaked out of the value
    await pollUntil('the CRM tab at the record', async () => crmTab.url(), (u) => u === `${crm.origin}${pop.path}`);
    const shown = await waitForPanel(crmTab, callId, (p) => p.state === 'ringing');
    expect(shown.fields).toEqual(expectedFields(notification));
    expect(shown.recordError).toBeNull();
    expect(await crmTab.$eval('#record-ref', (el) => el.textContent)).toBe(notification.contactRef);
    await pollUntil('the lookup prefill', () => crmTab.$eval('#lookup-state', (el) => el.textContent), (s) => s === notification.contactRef);
  } else {
    const pop = await crm.waitForRequest((r) => r.path === '/search' && r.at >= since);
    expect(pop.rawUrl).toBe(`/search?q=${encodeURIComponent(notification.number)}`);
    await pollUntil('the CRM tab at the search', async () => crmTab.url(), (u) => u === `${crm.origin}${pop.rawUrl}`);
    const shown = await waitForPanel(crmTab, callId, (p) => p.state === 'ringing');
    expect(shown.fields).toEqual(expectedFields(notification));
    expect(shown.recordError).toBeNull();
    await settle(1_000);
    expect(recordPops(crm, since)).toEqual([]);
  }
  await waitForPanel(crmTab, callId, (p) => p.announcements.includes(`Incoming call from ${notification.number}`), 'the announcement');
  await pageIsClean();

  await caller.cancel();
  await pollUntil('the caller to get 487', () => caller.finalStatus(), (s) => s === 487);
  await waitForPanel(crmTab, callId, (p) => p.state === 'ended' && p.endReason === 'missed');
  await clickPanelButton(crmTab, 'Dismiss', callId);
  await pollUntil('the wrap-up view to go', () => readPanelDom(crmTab), (d) => !d.panels.some((p) => p.callId === callId));
  await pageIsClean();
  expect(dialogs).toEqual([]);
});

it('the browser requested nothing outside the CRM, the caller page and the extension', () => {
  const allowed = [session.crm.origin, new URL(session.caller.page.url()).origin, `chrome-extension://${session.chromium.extensionId}`];
  const outside = requested.filter((u) => !u.startsWith('data:') && !allowed.some((origin) => u === origin || u.startsWith(`${origin}/`)));
  expect(outside).toEqual([]);
  expect(requested.some((u) => u.startsWith(`${session.crm.origin}/contacts/`))).toBe(true);
});

it('the next normal call rings and pops with intact values', async () => {
  const { crm, crmTab, caller } = session;
  const since = performance.now();
  const { callId } = await ringFromCaller(session, platformaHeaderLines({ 'X-Platforma-Call-Ref': 'CR-AFTER-HOSTILE' }));
  await crm.waitForRequest((r) => r.path === '/contacts/ACC-5567' && r.at >= since);
  const announced = `Incoming call from ${PLATFORMA_NOTIFICATION.number}`;
  const panel = await waitForPanel(crmTab, callId, (p) => p.state === 'ringing' && p.announcements.includes(announced));
  expect(panel.fields).toEqual(expectedFields({ ...PLATFORMA_NOTIFICATION, callRef: 'CR-AFTER-HOSTILE' }));
  await caller.cancel();
  await pollUntil('the caller to get 487', () => caller.finalStatus(), (s) => s === 487);
  await waitForPanel(crmTab, callId, (p) => p.state === 'ended');
  await clickPanelButton(crmTab, 'Dismiss', callId);
  expect(session.dialogs).toEqual([]);
});
