/**
 * Screen-pop in one CRM tab, end to end: a WebRTC caller page calls agent 1001 through the test PBX
 * with the seven X-Platforma headers; the built extension (loopback CRM preset) pops the record in
 * the fixture CRM, shows the caller panel in the page's shadow root, prefills the CRM's
 * React-style lookup box, and the panel's buttons answer (two-way audio), mute, hang up and
 * decline. Everything is observed from outside: CRM requests, the tab's DOM, the caller's SIP
 * responses and both peers' WebRTC stats.
 *
 * Needs `TELEFORGE_CRM_ORIGINS=http://127.0.0.1,http://localhost npx wxt build` first.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { PLATFORMA_NOTIFICATION, platformaHeaderLines } from '../pbx/platforma-headers';
import { endLiveCalls, recordPops, ringFromCaller, searchPops, startCrmSession, type CrmSession } from './helpers/crm-session';
import { offscreenPage, pollUntil, readPhoneState, trackPeerConnections, trackedAudioPackets } from './helpers/extension';
import { PANEL_HOST, ariaPressed, clickPanelButton, epochOf, readPanelDom, recordPanelEvents, waitForPanel, type PanelEvent } from './helpers/panel-dom';

let session: CrmSession;
const events: PanelEvent[] = [];

beforeAll(async () => {
  session = await startCrmSession();
  await recordPanelEvents(session.crmTab, (e) => events.push(e));
});

afterEach(async () => {
  await endLiveCalls(session);
});

afterAll(async () => {
  await session?.close();
});

const lookupState = () => session.crmTab.$eval('#lookup-state', (el) => el.textContent ?? '');

/** Dismisses the wrap-up view of `callId` and waits for the panel to go. */
async function dismiss(callId: string): Promise<void> {
  await clickPanelButton(session.crmTab, 'Dismiss', callId);
  await pollUntil('the wrap-up view to go', () => readPanelDom(session.crmTab), (d) => !d.panels.some((p) => p.callId === callId));
}

it('the fixture lookup box ignores a bare value assignment and sees a native-setter input event', async () => {
  // Self-check of the fixture, in the page's own world where its React-style value tracker lives.
  const { crmTab } = session;
  const seen = await crmTab.evaluate(() => {
    const input = document.querySelector<HTMLInputElement>('#crm-lookup')!;
    const state = () => document.querySelector('#lookup-state')!.textContent;
    input.value = 'assigned';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    const afterAssign = state();
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, 'typed');
    input.dispatchEvent(new Event('input', { bubbles: true }));
    const afterNative = state();
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, '');
    input.dispatchEvent(new Event('input', { bubbles: true }));
    return { afterAssign, afterNative };
  });
  expect(seen).toEqual({ afterAssign: '', afterNative: 'typed' });
});

it('pops the record with the encoded contact_ref, shows every field, prefills the lookup; a caller hang-up leaves "missed"', async () => {
  const { crm, crmTab, caller } = session;
  const ref = 'ACC 55/67&ü';
  const { callId, since, inviteAt } = await ringFromCaller(session, platformaHeaderLines({ 'X-Platforma-Contact-Ref': ref }));

  const pop = await crm.waitForRequest((r) => r.path.startsWith('/contacts/') && r.at >= since);
  expect(pop.path).toBe(`/contacts/${encodeURIComponent(ref)}`);
  expect(pop.url).toBe(`/contacts/${ref}`);
  await pollUntil('the CRM tab to show the record', async () => crmTab.url(), (u) => u === `${crm.origin}/contacts/${encodeURIComponent(ref)}`);

  // The live region gets its text one tick after it renders, so screen readers notice it.
  const announced = `Incoming call from ${PLATFORMA_NOTIFICATION.number}`;
  const panel = await waitForPanel(crmTab, callId, (p) => p.state === 'ringing' && p.announcements.includes(announced));
  expect(panel.fields).toEqual({
    number: PLATFORMA_NOTIFICATION.number,
    dialNumber: PLATFORMA_NOTIFICATION.dialNumber,
    holdTime: 'waited 42 s',
    campaignRef: PLATFORMA_NOTIFICATION.campaignRef,
    contactRef: ref,
    callRef: PLATFORMA_NOTIFICATION.callRef,
  });
  expect(panel.labels).toEqual({
    number: 'Caller',
    dialNumber: 'Dialled',
    holdTime: 'Waited',
    campaignRef: 'Campaign',
    contactRef: 'Contact ref',
    callRef: 'Call ref',
  });
  expect(panel.buttons).toEqual(expect.arrayContaining(['Answer', 'Decline', 'Copy call reference']));
  expect(panel.recordError).toBeNull();
  const dom = await readPanelDom(crmTab);
  expect(dom).toMatchObject({ hosts: 1, rootPart: true, mode: 'closed', strips: [] });
  // The page's own world gets no way in.
  expect(await crmTab.evaluate((name) => document.querySelector(name)?.shadowRoot === null, PANEL_HOST)).toBe(true);

  expect(await crmTab.$eval('#record-ref', (el) => el.textContent)).toBe(ref);
  await pollUntil('the lookup box to be prefilled with the contact ref', lookupState, (s) => s === ref);
  expect(await crmTab.$eval('#crm-lookup', (el) => (el as HTMLInputElement).value)).toBe(ref);

  const shown = events.find((e) => e.kind === 'panel' && e.callId === callId);
  // The early panel: the caller is shown in the page that was open (the home page), before the
  // pop navigates the tab, and again in the popped record.
  expect(shown).toMatchObject({ state: 'ringing', url: `${crm.origin}/` });
  expect(events.some((e) => e.kind === 'panel' && e.callId === callId && new URL(e.url).pathname === pop.path)).toBe(true);
  const ms = (at: number) => `${(at - inviteAt).toFixed(0)} ms`;
  console.log(`worker awake: INVITE -> record request ${ms(epochOf(pop.at))}, INVITE -> panel ${ms(shown!.at)} (in ${new URL(shown!.url).pathname})`);

  await caller.cancel();
  await pollUntil('the caller to get 487', () => caller.finalStatus(), (s) => s === 487);
  const missed = await waitForPanel(crmTab, callId, (p) => p.state === 'ended');
  expect(missed).toMatchObject({ endReason: 'missed', outcome: 'Missed call' });
  expect(missed.buttons).toEqual(expect.arrayContaining(['Open record', 'Dismiss', 'Copy call reference']));
  expect(recordPops(crm, since)).toHaveLength(1);
  await dismiss(callId);
});

it('with an empty contact_ref pops the search URL with the number and prefills the number; Decline gives the caller 603', async () => {
  const { crm, crmTab, caller } = session;
  const since = performance.now();
  const { callId } = await ringFromCaller(session, platformaHeaderLines({ 'X-Platforma-Contact-Ref': '' }));

  const pop = await crm.waitForRequest((r) => r.path === '/search' && r.at >= since);
  expect(pop.rawUrl).toBe(`/search?q=${PLATFORMA_NOTIFICATION.number}`);
  expect(recordPops(crm, since)).toEqual([]);
  const panel = await waitForPanel(crmTab, callId, (p) => p.state === 'ringing');
  expect(panel.fields.contactRef).toBe('—');
  expect(panel.fields.number).toBe(PLATFORMA_NOTIFICATION.number);
  await pollUntil('the lookup box to be prefilled with the number', lookupState, (s) => s === PLATFORMA_NOTIFICATION.number);

  await clickPanelButton(crmTab, 'Decline', callId);
  await pollUntil('the caller to get a final failure', () => caller.finalStatus(), (s) => s !== null);
  expect(await caller.finalStatus()).toBe(603);
  const ended = await waitForPanel(crmTab, callId, (p) => p.state === 'ended');
  expect(ended).toMatchObject({ endReason: 'declined', outcome: 'Declined' });
  expect(searchPops(crm, since)).toHaveLength(1);
  await dismiss(callId);
});

it('answers from the panel with audio both ways, mutes, shows a timer, hangs up, then "Open record" pops again', async () => {
  const { crm, crmTab, caller, chromium, popup } = session;
  const offscreen = await offscreenPage(chromium.browser, chromium.extensionId);
  await trackPeerConnections(offscreen);
  const since = performance.now();
  const { callId } = await ringFromCaller(session, platformaHeaderLines());
  await crm.waitForRequest((r) => r.path === '/contacts/ACC-5567' && r.at >= since);
  await waitForPanel(crmTab, callId, (p) => p.state === 'ringing');

  await clickPanelButton(crmTab, 'Answer', callId);
  await pollUntil('the caller to see the call established', () => caller.sessionState(), (s) => s === 'Established');
  expect(await caller.finalStatus()).toBe(200);
  const active = await waitForPanel(crmTab, callId, (p) => p.state === 'active');
  expect(active.buttons).toEqual(expect.arrayContaining(['Mute', 'Hang up', 'Copy call reference']));
  expect(active.buttons).not.toContain('Answer');

  // Audio both ways: each side's RTP counters grow in both directions.
  const flowing = (a: { sent: number; received: number }, b: { sent: number; received: number }) =>
    b.sent > a.sent && b.received > a.received && a.sent > 0 && a.received > 0;
  const caller1 = await pollUntil('caller RTP both ways', () => caller.audioPackets(), (p) => p.sent > 0 && p.received > 0);
  const agent1 = await pollUntil('agent RTP both ways', () => trackedAudioPackets(offscreen), (p) => p.sent > 0 && p.received > 0, { intervalMs: 200 });
  await new Promise((r) => setTimeout(r, 1_000));
  expect(flowing(caller1, await caller.audioPackets())).toBe(true);
  expect(flowing(agent1, await trackedAudioPackets(offscreen))).toBe(true);

  // m:ss, counting: past 0:00 a second or more after the answer.
  await waitForPanel(crmTab, callId, (p) => p.state === 'active' && /^\d+:\d\d$/.test(p.timer ?? '') && p.timer !== '0:00', 'a running timer');

  expect(await ariaPressed(crmTab, 'Mute', callId)).toBe('false');
  await clickPanelButton(crmTab, 'Mute', callId);
  await pollUntil('the call to be muted', () => readPhoneState(popup), (s) => s?.calls.find((c) => c.id === callId)?.muted === true);
  expect(await ariaPressed(crmTab, 'Unmute', callId)).toBe('true');
  await clickPanelButton(crmTab, 'Unmute', callId);
  await pollUntil('the call to be unmuted', () => readPhoneState(popup), (s) => s?.calls.find((c) => c.id === callId)?.muted === false);

  await clickPanelButton(crmTab, 'Hang up', callId);
  await pollUntil("the caller's call to end", () => caller.sessionState(), (s) => s === 'Terminated');
  const ended = await waitForPanel(crmTab, callId, (p) => p.state === 'ended');
  expect(ended).toMatchObject({ endReason: 'agent-hung-up', outcome: 'Call ended', fields: { callRef: PLATFORMA_NOTIFICATION.callRef } });
  expect(recordPops(crm, since)).toHaveLength(1);

  const before = performance.now();
  await clickPanelButton(crmTab, 'Open record', callId);
  await crm.waitForRequest((r) => r.path === '/contacts/ACC-5567' && r.at >= before);
  await dismiss(callId);
  expect(session.dialogs).toEqual([]);
});
