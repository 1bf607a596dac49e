/**
 * Screen-pop in Firefox ESR (MV2, persistent background page hosting the phone), end to end: the
 * build made with the loopback CRM preset registers the caller-panel content script at run time
 * (scripting.registerContentScripts in MV2), a WebRTC caller page in the same Firefox calls agent
 * 1001 through the test PBX with the seven X-Platforma headers, and the extension pops the record
 * in the open CRM tab and shows the caller panel in its open shadow root. The panel's buttons
 * answer (audio both ways), mute, hang up and decline. Observed from outside: the CRM's request
 * log, the tab's DOM, the caller's SIP responses and WebRTC stats, and the background page's
 * mirror and audio counters through the probe (helpers/firefox-extension.ts).
 *
 * Needs `TELEFORGE_CRM_ORIGINS=http://127.0.0.1,http://localhost npx wxt build -b firefox` first.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { startCrm, type CrmServer } from '../crm/crm-server';
import { DEFAULT_SETTINGS } from '../../lib/settings/schema';
import { startPbx, type Pbx } from '../pbx/kamailio';
import { PLATFORMA_NOTIFICATION, platformaHeaderLines } from '../pbx/platforma-headers';
import { startBrowserCaller, type BrowserCaller } from './helpers/browser-caller';
import { recordPops, searchPops, watchDialogs } from './helpers/crm-session';
import { pollUntil } from './helpers/extension';
import { seededFirefoxBuild, startFirefoxProbe, type FirefoxProbe, type SeededBuild } from './helpers/firefox-extension';
import { clickFirefoxPanelButton, firefoxAriaPressed } from './helpers/firefox-panel';
import { launchFirefox } from './helpers/launch-browser';
import { epochOf, readPanelDom, recordPanelEvents, waitForPanel, type PanelEvent } from './helpers/panel-dom';

const AGENT = '1001';

let pbx: Pbx;
let crm: CrmServer;
let probe: FirefoxProbe;
let build: SeededBuild;
let firefox: Awaited<ReturnType<typeof launchFirefox>>;
let caller: BrowserCaller;
let crmTab: Page;
const dialogs: string[] = [];
const events: PanelEvent[] = [];

beforeAll(async () => {
  pbx = await startPbx();
  crm = await startCrm();
  probe = await startFirefoxProbe();
  build = await seededFirefoxBuild(
    {
      ...DEFAULT_SETTINGS,
      pbxUrl: pbx.wsUrl,
      extension: AGENT,
      password: pbx.users[AGENT]!,
      recordUrlTemplate: `${crm.origin}/contacts/{contact_ref}`,
      searchUrlTemplate: `${crm.origin}/search?q={number}`,
      lookupSelector: '#crm-lookup',
    },
    probe.port,
  );
  firefox = await launchFirefox(build.dir);
  await pollUntil('the background page to register 1001', probe.read, (p) => p?.phoneState?.registration.state === 'registered', {
    timeoutMs: 30_000,
  });
  caller = await startBrowserCaller(firefox.browser, pbx);
  watchDialogs(caller.page, 'caller', dialogs);
  // The record pop navigates this tab, and the page it loads can only get the panel from the
  // script registered with scripting.registerContentScripts (injection reaches open pages only).
  crmTab = await firefox.browser.newPage();
  watchDialogs(crmTab, 'crm tab', dialogs);
  await crmTab.goto(`${crm.origin}/`);
  await recordPanelEvents(crmTab, (e) => events.push(e));
  await crmTab.bringToFront();
});

afterEach(async () => {
  // A failed test must not leave a call that turns the next INVITE into 486 Busy Here.
  const state = await caller?.sessionState().catch(() => 'none');
  if (state === 'Establishing') await caller.cancel().catch(() => {});
  if (state === 'Established') await caller.hangup().catch(() => {});
  await pollUntil('the phone to be idle', probe.read, (p) => !p?.phoneState?.calls.some((c) => c.state !== 'ended'), {
    timeoutMs: 10_000,
  }).catch(() => {});
});

afterAll(async () => {
  await caller?.close();
  await firefox?.close();
  await pbx?.stop();
  await crm?.close();
  await probe?.close();
  await build?.remove();
});

/** Places a call from the caller page and waits until the background page mirrors it ringing. */
async function ring(headers: string[]): Promise<{ callId: string; since: number }> {
  const known = new Set((await probe.read())?.phoneState?.calls.map((c) => c.id));
  const since = performance.now();
  await caller.call(AGENT, headers);
  const report = await pollUntil('a new ringing call in the mirror', probe.read, (p) =>
    p?.phoneState?.calls.some((c) => c.state === 'ringing' && !known.has(c.id)) ?? false,
  );
  return { callId: report!.phoneState!.calls.find((c) => c.state === 'ringing' && !known.has(c.id))!.id, since };
}

const lookupState = () => crmTab.$eval('#lookup-state', (el) => el.textContent ?? '');
const mutedInMirror = async (callId: string) => (await probe.read())?.phoneState?.calls.find((c) => c.id === callId)?.muted;

async function dismiss(callId: string): Promise<void> {
  await clickFirefoxPanelButton(crmTab, 'Dismiss', callId);
  await pollUntil('the wrap-up view to go', () => readPanelDom(crmTab), (d) => !d.panels.some((p) => p.callId === callId));
}

it('pops the record with the encoded contact_ref and shows the caller panel; Answer gives audio both ways, Mute, Hang up', async () => {
  const ref = 'ACC 55/67&ü';
  const { callId, since } = await ring(platformaHeaderLines({ 'X-Platforma-Contact-Ref': ref }));
  const inviteAt = (await caller.inviteSentAt()) ?? Number.NaN;

  const pop = await crm.waitForRequest((r) => r.path.startsWith('/contacts/') && r.at >= since);
  expect(pop.path).toBe(`/contacts/${encodeURIComponent(ref)}`);
  await pollUntil('the CRM tab to show the record', async () => crmTab.url(), (u) => u === `${crm.origin}/contacts/${encodeURIComponent(ref)}`);

  const panel = await waitForPanel(crmTab, callId, (p) => p.state === 'ringing' && p.announcements.includes(`Incoming call from ${PLATFORMA_NOTIFICATION.number}`));
  expect(panel.fields).toEqual({
    number: PLATFORMA_NOTIFICATION.number,
    dialNumber: PLATFORMA_NOTIFICATION.dialNumber,
    holdTime: 'waited 42 s',
    campaignRef: PLATFORMA_NOTIFICATION.campaignRef,
    contactRef: ref,
    callRef: PLATFORMA_NOTIFICATION.callRef,
  });
  expect(panel.buttons).toEqual(expect.arrayContaining(['Answer', 'Decline', 'Copy call reference']));
  expect(await readPanelDom(crmTab)).toMatchObject({ hosts: 1, rootPart: true, mode: 'closed', strips: [], injected: 0 });
  await pollUntil('the lookup box to be prefilled with the contact ref', lookupState, (s) => s === ref);

  const shown = events.find((e) => e.kind === 'panel' && e.callId === callId);
  const ms = (at: number) => `${(at - inviteAt).toFixed(0)} ms`;
  console.log(`Firefox: INVITE -> record request ${ms(epochOf(pop.at))}, INVITE -> panel ${shown ? ms(shown.at) : 'not recorded'}`);

  await clickFirefoxPanelButton(crmTab, 'Answer', callId);
  await pollUntil('the caller to see the call established', () => caller.sessionState(), (s) => s === 'Established');
  expect(await caller.finalStatus()).toBe(200);
  const active = await waitForPanel(crmTab, callId, (p) => p.state === 'active');
  expect(active.buttons).toEqual(expect.arrayContaining(['Mute', 'Hang up', 'Copy call reference']));
  expect(active.buttons).not.toContain('Answer');

  // Audio both ways, counted by each peer: the caller page and the phone in the background page.
  const agentAudio = async () => (await probe.read())?.audio ?? { sent: 0, received: 0 };
  const flowing = (a: { sent: number; received: number }, b: { sent: number; received: number }) =>
    a.sent > 0 && a.received > 0 && b.sent > a.sent && b.received > a.received;
  const caller1 = await pollUntil('caller RTP both ways', () => caller.audioPackets(), (p) => p.sent > 0 && p.received > 0);
  const agent1 = await pollUntil('agent RTP both ways', agentAudio, (p) => p.sent > 0 && p.received > 0);
  await new Promise((r) => setTimeout(r, 1_000));
  expect(flowing(caller1, await caller.audioPackets())).toBe(true);
  expect(flowing(agent1, await agentAudio())).toBe(true);
  await waitForPanel(crmTab, callId, (p) => p.state === 'active' && /^\d+:\d\d$/.test(p.timer ?? '') && p.timer !== '0:00', 'a running timer');

  expect(await firefoxAriaPressed(crmTab, 'Mute', callId)).toBe('false');
  await clickFirefoxPanelButton(crmTab, 'Mute', callId);
  await pollUntil('the call to be muted', () => mutedInMirror(callId), (m) => m === true);
  expect(await firefoxAriaPressed(crmTab, 'Unmute', callId)).toBe('true');
  await clickFirefoxPanelButton(crmTab, 'Unmute', callId);
  await pollUntil('the call to be unmuted', () => mutedInMirror(callId), (m) => m === false);

  await clickFirefoxPanelButton(crmTab, 'Hang up', callId);
  await pollUntil("the caller's call to end", () => caller.sessionState(), (s) => s === 'Terminated');
  const ended = await waitForPanel(crmTab, callId, (p) => p.state === 'ended');
  expect(ended).toMatchObject({ endReason: 'agent-hung-up', outcome: 'Call ended' });
  expect(ended.buttons).toEqual(expect.arrayContaining(['Open record', 'Dismiss']));
  expect(recordPops(crm, since)).toHaveLength(1);

  const before = performance.now();
  await clickFirefoxPanelButton(crmTab, 'Open record', callId);
  await crm.waitForRequest((r) => r.path === `/contacts/${encodeURIComponent(ref)}` && r.at >= before);
  await dismiss(callId);
  expect(dialogs).toEqual([]);
});

it('with an empty contact_ref pops the search URL with the number; Decline gives the caller 603', async () => {
  const { callId, since } = await ring(platformaHeaderLines({ 'X-Platforma-Contact-Ref': '' }));

  const pop = await crm.waitForRequest((r) => r.path === '/search' && r.at >= since);
  expect(pop.rawUrl).toBe(`/search?q=${PLATFORMA_NOTIFICATION.number}`);
  expect(recordPops(crm, since)).toEqual([]);
  const panel = await waitForPanel(crmTab, callId, (p) => p.state === 'ringing');
  expect(panel.fields).toMatchObject({ number: PLATFORMA_NOTIFICATION.number, contactRef: '—' });
  await pollUntil('the lookup box to be prefilled with the number', lookupState, (s) => s === PLATFORMA_NOTIFICATION.number);

  await clickFirefoxPanelButton(crmTab, 'Decline', callId);
  await pollUntil('the caller to get a final failure', () => caller.finalStatus(), (s) => s !== null);
  expect(await caller.finalStatus()).toBe(603);
  const ended = await waitForPanel(crmTab, callId, (p) => p.state === 'ended');
  expect(ended).toMatchObject({ endReason: 'declined', outcome: 'Declined' });
  expect(searchPops(crm, since)).toHaveLength(1);
  await dismiss(callId);
  expect(dialogs).toEqual([]);
});
