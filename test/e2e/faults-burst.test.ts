/**
 * Fault injection by load: 50 ring-and-cancel calls in a row (a caller storm), then a second call
 * while one is active. The storm must show 50 panels (no call lost), pop records automatically only
 * per the cap (decisions.md: at most 10 automatic record pops per rolling 60 s), and leave no growth
 * of event listeners, timers or heap in the CRM page and the offscreen document between call 10 and
 * call 50. One browser and one PBX for the file; every case ends with a call that pops.
 *
 * Needs `TELEFORGE_CRM_ORIGINS=http://127.0.0.1,http://localhost npx wxt build` first.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { platformaHeaderLines } from '../pbx/platforma-headers';
import { startCaller } from '../pbx/sip-caller';
import { AGENT } from './helpers/agent-session';
import { clickSave, saveState } from './helpers/popup-form';
import { endLiveCalls, recordPops, ringFromCaller, settle, startCrmSession, type CrmSession } from './helpers/crm-session';
import { offscreenPage, openExtensionPage, pollUntil, readPhoneState, trackPeerConnections, trackedAudioPackets } from './helpers/extension';
import { answerCall, dismissPanel, expectNextCallPops, hangUpCall, mirroredCallState, uniqueRef } from './helpers/faults';
import { pageMetrics, pendingTimers, trackTimers, type PageMetrics } from './helpers/page-metrics';
import { readPanelDom, recordPanelEvents, waitForPanel, type PanelEvent } from './helpers/panel-dom';

const CALLS = 50;
const CAP = 10;
const CAP_WINDOW_MS = 60_000;

let session: CrmSession;
let offscreen: Page;
const events: PanelEvent[] = [];
/** The storm's calls in order: the id the panel shows, the contact ref, when it rang (performance.now()). */
const storm: { callId: string; ref: string; at: number }[] = [];

beforeAll(async () => {
  session = await startCrmSession();
  await recordPanelEvents(session.crmTab, (e) => events.push(e));
  offscreen = await offscreenPage(session.chromium.browser, session.chromium.extensionId);
  await trackTimers(offscreen);
});

afterEach(async () => {
  await endLiveCalls(session);
});

afterAll(async () => {
  await session?.close();
});

interface Footprint {
  crm: PageMetrics;
  offscreen: PageMetrics;
  offscreenTimers: number;
}

/**
 * The counters are the renderer's, and the extension's pages share one: the popup (open in a tab
 * for the whole file) grows with its call history (a row with its buttons per call, kept by the
 * retention setting, not leaked). So the popup is closed while the offscreen document is measured,
 * then opened again with its settings unfolded, as the later tests use it.
 */
async function footprint(): Promise<Footprint> {
  await settle(1_000); // let the last call's views, timers and SIP transactions finish
  await session.popup.close();
  await settle(500);
  const measured = { crm: await pageMetrics(session.crmTab), offscreen: await pageMetrics(offscreen), offscreenTimers: await pendingTimers(offscreen) };
  session.popup = await openExtensionPage(session.chromium.browser, session.chromium.extensionId, 'popup.html');
  const toggle = await session.popup.waitForSelector('[data-action="toggle-settings"]:not([hidden])', { timeout: 10_000 });
  await toggle!.click();
  await session.popup.waitForSelector('#callWaiting', { visible: true, timeout: 10_000 });
  return measured;
}

/** Record pops of the storm's refs, in order of arrival. */
function stormPops() {
  const refs = new Set(storm.map((c) => `/contacts/${encodeURIComponent(c.ref)}`));
  return recordPops(session.crm).filter((r) => refs.has(r.path));
}

let after10: Footprint;
let after50: Footprint;

it(`${CALLS} ring-and-cancel calls in a row: ${CALLS} panels, every call ends as missed, nothing grows`, async () => {
  const { caller } = session;
  for (let i = 1; i <= CALLS; i++) {
    const ref = uniqueRef(`BURST-${i}`);
    const { callId, since } = await ringFromCaller(session, platformaHeaderLines({ 'X-Platforma-Contact-Ref': ref }));
    storm.push({ callId, ref, at: since });
    await pollUntil(`the panel of call ${i}`, async () => events.some((e) => e.kind === 'panel' && e.callId === callId), (yes) => yes, {
      timeoutMs: 20_000,
    });
    await caller.cancel();
    await pollUntil(`the caller to get 487 for call ${i}`, () => caller.finalStatus(), (s) => s === 487);
    await pollUntil(`call ${i} to end`, () => mirroredCallState(session.popup, callId), (s) => s === 'ended' || s === 'none');
    if (i === 10) after10 = await footprint();
  }
  after50 = await footprint();
  console.info(`storm footprint after 10 calls: ${JSON.stringify(after10)}\nafter ${CALLS} calls: ${JSON.stringify(after50)}`);

  // One panel per call, none lost, none ringing any more.
  const shown = new Set(events.filter((e) => e.kind === 'panel').map((e) => e.callId));
  expect(storm.filter((c) => !shown.has(c.callId))).toEqual([]);
  expect(new Set(storm.map((c) => c.callId)).size).toBe(CALLS);
  expect((await readPhoneState(session.popup))!.calls.filter((c) => c.state !== 'ended')).toEqual([]);
  const dom = await readPanelDom(session.crmTab);
  expect(dom.panels.filter((p) => p.state === 'ringing')).toEqual([]);
  // Under the cap, every call pops: the first ten did.
  const popped = new Set(stormPops().map((r) => r.path));
  expect(storm.slice(0, CAP).filter((c) => !popped.has(`/contacts/${encodeURIComponent(c.ref)}`))).toEqual([]);

  // Tolerances: 40 more calls lie between the two readings, so anything kept per call grows by
  // 40x its size. Measured here: listeners equal in both pages, one more pending timer, heap +2 %
  // (offscreen) and +0.1 % (CRM page). Allowed: 10 listeners and 5 timers (a leak of one per call
  // would add 40), and 10 % of heap (~400 KB of the offscreen document's ~4 MB: a kept SIP session
  // or view per call, tens of KB each, would exceed it; GC and lazy compilation noise stays far below).
  expect(after50.crm.listeners - after10.crm.listeners).toBeLessThanOrEqual(10);
  expect(after50.offscreen.listeners - after10.offscreen.listeners).toBeLessThanOrEqual(10);
  expect(after50.offscreenTimers - after10.offscreenTimers).toBeLessThanOrEqual(5);
  expect(after50.offscreen.heapUsed).toBeLessThanOrEqual(after10.offscreen.heapUsed * 1.1);
  expect(after50.crm.heapUsed).toBeLessThanOrEqual(after10.crm.heapUsed * 1.1);
}, 300_000);

it(`automatic record pops follow the cap: at most ${CAP} in any rolling ${CAP_WINDOW_MS / 1000} s`, () => {
  const at = stormPops().map((r) => r.at);
  const busiest = Math.max(...at.map((t) => at.filter((u) => u >= t && u < t + CAP_WINDOW_MS).length));
  console.info(`storm: ${at.length} automatic record pops for ${CALLS} calls; busiest ${CAP_WINDOW_MS / 1000} s held ${busiest}`);
  expect(busiest).toBeLessThanOrEqual(CAP);
});

it('after the storm, once the cap allows it again, the next call pops', async () => {
  const recent = recordPops(session.crm).map((r) => r.at).filter((t) => t > performance.now() - CAP_WINDOW_MS).sort((a, b) => a - b);
  // The pop cap counts automatic pops of the last 60 s: wait until the oldest of the last ten has aged out.
  if (recent.length >= CAP) await settle(recent[recent.length - CAP]! + CAP_WINDOW_MS + 2_000 - performance.now());
  await expectNextCallPops(session, 'BURST-NEXT');
}, 120_000);

it('with call waiting off, a second call while one is active gets 486 and shows as missed; the first stays active with audio flowing', async () => {
  const { crmTab, popup, pbx } = session;
  // Call waiting (the default) would ring it beside the first (test/e2e/hold-dtmf.test.ts, integration): 'busy' is the old rule.
  await popup.bringToFront();
  await popup.select('#callWaiting', 'busy');
  await clickSave(popup);
  await pollUntil('"Saved"', () => saveState(popup), (t) => t === 'Saved');
  await trackPeerConnections(offscreen);
  const ref = uniqueRef('FIRST');
  const { callId } = await ringFromCaller(session, platformaHeaderLines({ 'X-Platforma-Contact-Ref': ref }));
  await waitForPanel(crmTab, callId, (p) => p.state === 'ringing');
  await answerCall(session, callId, 'panel');
  const before = await pollUntil('agent RTP both ways', () => trackedAudioPackets(offscreen), (p) => p.sent > 0 && p.received > 0, {
    intervalMs: 200,
  });

  const second = await startCaller(pbx, '1002');
  let secondId = '';
  try {
    const call = await second.call(AGENT, platformaHeaderLines({ 'X-Platforma-Contact-Ref': uniqueRef('SECOND') }));
    expect(await call.waitFinal()).toBe(486);
    const state = await pollUntil(
      'the second call as missed in the mirror',
      () => readPhoneState(popup),
      (s) => s?.calls.some((c) => c.id !== callId && c.state === 'ended' && c.endDetail?.includes('busy')) ?? false,
    );
    const missed = state!.calls.find((c) => c.id !== callId && c.state === 'ended' && c.endDetail?.includes('busy'))!;
    expect(missed.endReason).toBe('missed');
    secondId = missed.id;
  } finally {
    await second.stop();
  }

  // The first call did not notice: still active on both ends, the panel still offers Hang up, audio grows.
  expect(await mirroredCallState(popup, callId)).toBe('active');
  expect(await session.caller.sessionState()).toBe('Established');
  await waitForPanel(crmTab, callId, (p) => p.state === 'active' && p.buttons.includes('Hang up'));
  await pollUntil('more RTP both ways after the second call', () => trackedAudioPackets(offscreen), (p) => p.sent > before.sent && p.received > before.received, {
    intervalMs: 200,
  });
  await pollUntil('the caller to still hear the agent', () => session.caller.hearsCallee(), (yes) => yes);

  // The panel shows one call at a time, the live one first: the missed call comes once the
  // first call's wrap-up is dismissed, so the agent can still call back.
  await hangUpCall(session, callId, 'panel');
  await dismissPanel(crmTab, callId);
  await waitForPanel(crmTab, secondId, (p) => p.state === 'ended' && p.endReason === 'missed', 'the missed second call in the panel');
  await dismissPanel(crmTab, secondId);
  await expectNextCallPops(session, 'SECOND-NEXT');
});
