/**
 * The cap on automatic record pops with the built extension (loopback CRM preset), the test PBX
 * and a WebRTC caller: eleven ring-and-cancel calls inside a minute pop the CRM ten times; the
 * eleventh call's panel says why it was not popped, and its Open record still pops it. Clearing the
 * cap from an extension page (the benchmark's resetPopCap) brings the automatic pops back.
 *
 * Needs `TELEFORGE_CRM_ORIGINS=http://127.0.0.1,http://localhost npx wxt build` first.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { platformaHeaderLines } from '../pbx/platforma-headers';
import { endLiveCalls, recordPops, ringFromCaller, settle, startCrmSession, type CrmSession } from './helpers/crm-session';
import { pollUntil, resetPopCap } from './helpers/extension';
import { clickPanelButton, waitForPanel } from './helpers/panel-dom';

let session: CrmSession;

beforeAll(async () => {
  session = await startCrmSession();
  // Nothing popped before this file's calls.
  await resetPopCap(session.popup);
});

afterAll(async () => {
  await endLiveCalls(session);
  await session?.close();
});

const NOTE = 'Not popped automatically: more than 10 calls in a minute';
const ref = (i: number) => `ACC-CAP-${i}`;

async function ring(i: number) {
  return ringFromCaller(session, platformaHeaderLines({ 'X-Platforma-Contact-Ref': ref(i), 'X-Platforma-Call-Ref': `CR-CAP-${i}` }));
}

async function cancel(): Promise<void> {
  await session.caller.cancel();
  await pollUntil('the caller to get 487', () => session.caller.finalStatus(), (s) => s === 487);
}

it('pops 10 ring-and-cancel calls in a minute, not the 11th, whose panel says so; Open record pops it', async () => {
  const { crm, crmTab } = session;
  const started = performance.now();
  for (let i = 1; i <= 10; i++) {
    const since = performance.now();
    await ring(i);
    await crm.waitForRequest((r) => r.path === `/contacts/${ref(i)}` && r.at >= since);
    await cancel();
  }
  const { callId } = await ring(11);
  const panel = await waitForPanel(crmTab, callId, (p) => p.state === 'ringing' && p.popNote !== null);
  expect(panel.popNote).toBe(NOTE);
  await settle(1_500);
  expect(recordPops(crm, started).map((r) => r.path)).toEqual(Array.from({ length: 10 }, (_, k) => `/contacts/${ref(k + 1)}`));
  // Still inside the minute: this is the cap, not a slow pop.
  expect(performance.now() - started).toBeLessThan(60_000);

  await cancel();
  await waitForPanel(crmTab, callId, (p) => p.state === 'ended' && p.popNote === NOTE);
  const since = performance.now();
  await clickPanelButton(crmTab, 'Open record', callId);
  await crm.waitForRequest((r) => r.path === `/contacts/${ref(11)}` && r.at >= since);
});

it('pops again automatically once the cap is cleared from an extension page (as the benchmark does)', async () => {
  await resetPopCap(session.popup);
  const since = performance.now();
  await ring(12);
  await session.crm.waitForRequest((r) => r.path === `/contacts/${ref(12)}` && r.at >= since);
  await cancel();
});
