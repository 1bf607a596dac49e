/**
 * Fault injection: the extension's service worker stopped (CDP ServiceWorker.stopAllWorkers, the way
 * Chrome stops an idle worker) while the phone is idle, while a call rings and during a call. The
 * phone lives in the offscreen document and carries on; the worker is woken by the next message and
 * rebuilds from storage. Nothing may be lost (the call, its panel, its one record pop) and the
 * controls (Answer and Hang up, in the panel and in the popup) must still work. One browser and one
 * PBX for the file; every case ends with a call that pops.
 *
 * Needs `TELEFORGE_CRM_ORIGINS=http://127.0.0.1,http://localhost npx wxt build` first.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { platformaHeaderLines } from '../pbx/platforma-headers';
import { endLiveCalls, recordPops, ringFromCaller, settle, startCrmSession, type CrmSession } from './helpers/crm-session';
import { hasServiceWorker, offscreenCount, pollUntil, stopServiceWorkers } from './helpers/extension';
import { answerCall, dismissPanel, expectNextCallPops, hangUpCall, mirroredCallState, uniqueRef } from './helpers/faults';
import { waitForPanel } from './helpers/panel-dom';

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

async function stopWorker(): Promise<void> {
  const { chromium, popup } = session;
  await stopServiceWorkers(popup);
  await pollUntil('the service worker to stop', async () => hasServiceWorker(chromium.browser, chromium.extensionId), (up) => !up);
}

/** Rings a call with its own contact ref and waits for its panel and its one record pop. */
async function ringAndPop(label: string): Promise<{ callId: string; ref: string; since: number }> {
  const ref = uniqueRef(label);
  const { callId, since } = await ringFromCaller(session, platformaHeaderLines({ 'X-Platforma-Contact-Ref': ref }));
  await session.crm.waitForRequest((r) => r.path === `/contacts/${encodeURIComponent(ref)}` && r.at >= since);
  await waitForPanel(session.crmTab, callId, (p) => p.state === 'ringing' && p.fields.contactRef === ref);
  return { callId, ref, since };
}

it('worker stopped while idle: the next call wakes it, rings and pops', async () => {
  await stopWorker();
  await expectNextCallPops(session, 'SW-IDLE');
  expect(offscreenCount(session.chromium.browser, session.chromium.extensionId)).toBe(1);
});

for (const [answerFrom, hangUpFrom] of [['panel', 'popup'], ['popup', 'panel']] as const) {
  it(`worker stopped while ringing: the call and its panel stay, Answer in the ${answerFrom} works, no second pop`, async () => {
    const { callId, since } = await ringAndPop(`SW-RINGING-${answerFrom}`);
    await stopWorker();
    // Still ringing everywhere while the worker is down.
    expect(await mirroredCallState(session.popup, callId)).toBe('ringing');
    await waitForPanel(session.crmTab, callId, (p) => p.state === 'ringing' && p.buttons.includes('Answer'));

    await answerCall(session, callId, answerFrom);
    await waitForPanel(session.crmTab, callId, (p) => p.state === 'active' && p.buttons.includes('Hang up'));
    await hangUpCall(session, callId, hangUpFrom);
    // The woken worker remembered the pop it made before it was stopped.
    await settle(500);
    expect(recordPops(session.crm, since)).toHaveLength(1);
    await dismissPanel(session.crmTab, callId);
    await expectNextCallPops(session, `SW-RINGING-${answerFrom}-NEXT`);
  });
}

for (const [answerFrom, hangUpFrom] of [['panel', 'popup'], ['popup', 'panel']] as const) {
  it(`worker stopped during a call: the call stays active with its timer, Hang up in the ${hangUpFrom} works`, async () => {
    const { callId, since } = await ringAndPop(`SW-ACTIVE-${hangUpFrom}`);
    await answerCall(session, callId, answerFrom);
    await stopWorker();
    expect(await mirroredCallState(session.popup, callId)).toBe('active');
    expect(await session.caller.sessionState()).toBe('Established');
    await waitForPanel(session.crmTab, callId, (p) => p.state === 'active' && /^\d+:\d\d$/.test(p.timer ?? ''));

    await hangUpCall(session, callId, hangUpFrom);
    expect(recordPops(session.crm, since)).toHaveLength(1);
    await dismissPanel(session.crmTab, callId);
    await expectNextCallPops(session, `SW-ACTIVE-${hangUpFrom}-NEXT`);
  });
}
