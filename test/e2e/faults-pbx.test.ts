/**
 * Fault injection at the PBX, against the built extension (loopback CRM preset) in Chromium, the
 * test Kamailio and the fixture CRM: Kamailio restarted while the phone is idle, while a call rings
 * and during an active call, and frozen (SIGSTOP: the WebSocket stays open but nothing answers)
 * then thawed. Each case ends with a fresh call that pops. One browser and one PBX for the file:
 * each case leaves the phone registered and idle.
 *
 * Needs `TELEFORGE_CRM_ORIGINS=http://127.0.0.1,http://localhost npx wxt build` first.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { platformaHeaderLines } from '../pbx/platforma-headers';
import { AGENT } from './helpers/agent-session';
import { endLiveCalls, ringFromCaller, startCrmSession, type CrmSession } from './helpers/crm-session';
import { pollUntil, popupStatus, readPhoneState } from './helpers/extension';
import {
  dismissPanel,
  expectNextCallPops,
  mirroredCallState,
  popupCallId,
  uniqueRef,
  waitForIdle,
  waitForRegisteredSince,
} from './helpers/faults';
import { clickPanelButton, waitForPanel } from './helpers/panel-dom';

let session: CrmSession;

beforeAll(async () => {
  session = await startCrmSession();
});

afterEach(async () => {
  session.pbx.resume(); // a failed SIGSTOP case must not leave the PBX frozen for the next one
  await endLiveCalls(session);
});

afterAll(async () => {
  await session?.close();
});

/** Restarts Kamailio (it forgets every registration) and registers the caller page again. */
async function restartPbx(): Promise<number> {
  const at = Date.now();
  await session.pbx.restart();
  await session.caller.reconnect();
  return at;
}

it('PBX restarted while idle: registers again, and the next call pops', async () => {
  const registers = session.pbx.requests('REGISTER', AGENT);
  const at = await restartPbx();
  await waitForRegisteredSince(session.popup, at);
  expect(session.pbx.requests('REGISTER', AGENT)).toBeGreaterThan(registers);
  expect(await session.pbx.contacts(AGENT)).toHaveLength(1);
  await expectNextCallPops(session, 'PBX-IDLE');
});

it('PBX restarted while a call rings: the call ends as missed (no ringing panel left), and the next call pops', async () => {
  const { crmTab, popup } = session;
  const ref = uniqueRef('PBX-RINGING');
  const { callId } = await ringFromCaller(session, platformaHeaderLines({ 'X-Platforma-Contact-Ref': ref }));
  await waitForPanel(crmTab, callId, (p) => p.state === 'ringing');

  const at = await restartPbx();
  const ended = await waitForPanel(crmTab, callId, (p) => p.state === 'ended', 'the ringing panel to end');
  expect(ended.endReason).toBe('missed');
  expect(ended.buttons).not.toContain('Answer');
  expect(await mirroredCallState(popup, callId)).toBe('ended');
  await pollUntil('the popup to drop the call', () => popupCallId(popup), (id) => id === null);
  await dismissPanel(crmTab, callId);

  await waitForRegisteredSince(popup, at);
  await expectNextCallPops(session, 'PBX-RINGING-NEXT');
});

it('PBX restarted during an active call: the call ends cleanly (wrap-up, nothing stuck active), and the next call pops', async () => {
  const { crmTab, popup, caller } = session;
  const ref = uniqueRef('PBX-ACTIVE');
  const { callId } = await ringFromCaller(session, platformaHeaderLines({ 'X-Platforma-Contact-Ref': ref }));
  await waitForPanel(crmTab, callId, (p) => p.state === 'ringing');
  await clickPanelButton(crmTab, 'Answer', callId);
  await pollUntil('the caller to see the call established', () => caller.sessionState(), (s) => s === 'Established');
  await waitForPanel(crmTab, callId, (p) => p.state === 'active');

  const at = await restartPbx();
  // Nobody can end this call through the PBX any more: the restarted Kamailio knows neither leg.
  const ended = await waitForPanel(crmTab, callId, (p) => p.state === 'ended', 'the wrap-up view after the restart', 30_000);
  expect(ended.endReason).toBe('failed');
  expect(ended.buttons).toEqual(expect.arrayContaining(['Open record', 'Dismiss']));
  expect(ended.buttons).not.toContain('Hang up');
  expect(await mirroredCallState(popup, callId)).toBe('ended');
  await pollUntil('the popup to drop the call', () => popupCallId(popup), (id) => id === null);
  await dismissPanel(crmTab, callId);

  await waitForRegisteredSince(popup, at);
  await waitForIdle(popup);
  await caller.hangup().catch(() => {}); // the caller page's own leg, if SIP.js still holds it
  await expectNextCallPops(session, 'PBX-ACTIVE-NEXT');
});

it('WebSocket cut without a close (SIGSTOP, then SIGCONT): the phone notices, then registers again', async () => {
  const { pbx, popup } = session;
  const registers = pbx.requests('REGISTER', AGENT);
  const pausedAt = Date.now();
  pbx.pause();
  // The OPTIONS keepalive (every 20 s, 8 s to answer) is what notices a socket that stays open.
  const noticed = await pollUntil(
    'the phone to leave "registered" while the PBX is frozen',
    () => readPhoneState(popup),
    (s) => s !== null && s.registration.state !== 'registered',
    { timeoutMs: 60_000, intervalMs: 250 },
  );
  expect(['connecting', 'reconnecting']).toContain(noticed!.registration.state);
  await pollUntil('the popup to say it reconnects', () => popupStatus(popup), (t) => /^(Reconnecting|Connecting)/.test(t));
  console.info(`SIGSTOP noticed ${noticed!.registration.since - pausedAt} ms after the freeze`);

  const resumedAt = Date.now();
  pbx.resume();
  const state = await waitForRegisteredSince(popup, resumedAt, 45_000);
  console.info(`registered again ${state.registration.since - resumedAt} ms after SIGCONT`);
  expect(pbx.requests('REGISTER', AGENT)).toBeGreaterThan(registers);
  // The caller page's socket was frozen too; it does not check it by itself.
  await session.caller.reconnect();
  await expectNextCallPops(session, 'PBX-SIGSTOP');
}, 150_000);
