/**
 * Fault injection: the offscreen document that holds the phone closed from outside (CDP
 * Target.closeTarget) while idle, closed from outside or by chrome.offscreen.closeDocument while a
 * call rings, and the CRM tab closed or navigated away while a call rings. The document is
 * recreated (idle: by the worker's watchdog; with a live call: at once, on its port's disconnect)
 * and registers again with the same contact, so the PBX holds one; a call that died with the
 * document leaves the screen within seconds; a call whose tab went away can still be answered
 * from the popup. One browser and one PBX for the file; every case ends with a call that pops.
 *
 * Needs `TELEFORGE_CRM_ORIGINS=http://127.0.0.1,http://localhost npx wxt build` first.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { platformaHeaderLines } from '../pbx/platforma-headers';
import { AGENT } from './helpers/agent-session';
import { endLiveCalls, openCrmTab, ringFromCaller, startCrmSession, type CrmSession } from './helpers/crm-session';
import { extensionUrl, offscreenCount, pollUntil, readPhoneState, serviceWorker } from './helpers/extension';
import {
  clickPopupButton,
  closeOffscreenFromOutside,
  dismissPanel,
  expectNextCallPops,
  mirroredCallState,
  popupCallId,
  uniqueRef,
  waitForIdle,
  waitForRegisteredSince,
} from './helpers/faults';
import { readPanelDom, waitForPanel } from './helpers/panel-dom';

/** The watchdog alarm fires every 30 s; then the document starts and REGISTERs. */
const RECOVERY_TIMEOUT_MS = 50_000;

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

async function ring(label: string): Promise<{ callId: string; ref: string }> {
  const ref = uniqueRef(label);
  const { callId } = await ringFromCaller(session, platformaHeaderLines({ 'X-Platforma-Contact-Ref': ref }));
  await waitForPanel(session.crmTab, callId, (p) => p.state === 'ringing' && p.fields.contactRef === ref);
  return { callId, ref };
}

it('offscreen document closed while idle: recreated, registered again, the next call pops', async () => {
  const { chromium, popup, pbx } = session;
  const closedAt = Date.now();
  await closeOffscreenFromOutside(chromium);
  await waitForRegisteredSince(popup, closedAt, RECOVERY_TIMEOUT_MS);
  expect(offscreenCount(chromium.browser, chromium.extensionId)).toBe(1);
  console.info(`offscreen closed while idle: registered again after ${(await readPhoneState(popup))!.registration.since - closedAt} ms`);
  // The new document registers the same contact as the dead one (one id per browser install), so
  // its REGISTER replaces the old binding: calls do not fork to a contact nobody answers.
  const contacts = await pbx.contacts(AGENT);
  console.info(`offscreen closed while idle: ${contacts.length} contact(s) for ${AGENT} at the PBX after the recovery`);
  expect(contacts).toHaveLength(1);
  await expectNextCallPops(session, 'OFFSCREEN-IDLE');
}, 90_000);

/**
 * The dead call must leave the screen within a few seconds of the close, well before the
 * watchdog's 30 s alarm: the document's port to the worker closes with it (and on a close from
 * outside its pagehide also sends a last state), see lib/phone-host/page-life.ts.
 */
const DEAD_CALL_GONE_MS = 8_000;

for (const how of ['CDP Target.closeTarget', 'chrome.offscreen.closeDocument'] as const) {
  it(`offscreen document closed (${how}) while a call rings: the ringing panel goes within seconds, the next call pops`, async () => {
    const { chromium, popup, crmTab } = session;
    const { callId } = await ring(`OFFSCREEN-RINGING-${how === 'CDP Target.closeTarget' ? 'CDP' : 'API'}`);
    const closedAt = Date.now();
    if (how === 'CDP Target.closeTarget') await closeOffscreenTarget();
    else await (await serviceWorker(chromium.browser, chromium.extensionId)).evaluate(() => chrome.offscreen.closeDocument());

    // The call went with the document: nothing may still offer to answer it.
    await pollUntil(
      'no ringing panel or strip for the dead call',
      () => readPanelDom(crmTab),
      (d) => !d.panels.some((p) => p.callId === callId && p.state === 'ringing') && !d.strips.some((s) => s.callId === callId),
      { timeoutMs: DEAD_CALL_GONE_MS },
    );
    console.info(`offscreen closed (${how}) while ringing: the dead call left the screen ${Date.now() - closedAt} ms after the close`);
    await pollUntil('the dead call to stop ringing in the mirror', () => mirroredCallState(popup, callId), (s) => s !== 'ringing', { timeoutMs: DEAD_CALL_GONE_MS });
    const panel = (await readPanelDom(crmTab)).panels.find((p) => p.callId === callId);
    if (panel) {
      // Its wrap-up says what happened; Dismiss clears it like any ended call.
      expect(panel).toMatchObject({ state: 'ended', endReason: 'failed' });
      // The recreated document's first state may drop the dead call before Dismiss is clicked (the
      // panel goes by itself): only a panel still there without a working Dismiss is a failure.
      await dismissPanel(crmTab, callId).catch(async (error: unknown) => {
        if ((await readPanelDom(crmTab)).panels.some((p) => p.callId === callId)) throw error;
      });
    }
    expect((await readPanelDom(crmTab)).panels.some((p) => p.callId === callId)).toBe(false);
    await pollUntil('the popup to show no call', () => popupCallId(popup), (id) => id === null, { timeoutMs: DEAD_CALL_GONE_MS });
    // The worker recreates the document at once (not at the next watchdog alarm).
    await waitForRegisteredSince(popup, closedAt, RECOVERY_TIMEOUT_MS);
    console.info(`offscreen closed (${how}) while ringing: registered again after ${(await readPhoneState(popup))!.registration.since - closedAt} ms`);
    expect(await session.pbx.contacts(AGENT)).toHaveLength(1);
    await session.caller.cancel(); // the caller's INVITE was still pending at the PBX
    await waitForIdle(popup);
    await expectNextCallPops(session, `OFFSCREEN-RINGING-NEXT-${how === 'CDP Target.closeTarget' ? 'CDP' : 'API'}`);
  }, 90_000);
}

/**
 * Like closeOffscreenFromOutside, but waits for that target's end rather than for no document:
 * with a call live the worker recreates the document within ~0.1 s, before a poll sees zero.
 */
async function closeOffscreenTarget(): Promise<void> {
  const { chromium } = session;
  const url = extensionUrl(chromium.extensionId, 'offscreen.html');
  const cdp = await chromium.browser.target().createCDPSession();
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    const offscreen = targetInfos.find((t) => t.url.startsWith(url));
    if (!offscreen) throw new Error('no offscreen document to close');
    await cdp.send('Target.closeTarget', { targetId: offscreen.targetId });
    await pollUntil(
      'the offscreen document to close',
      async () => (await cdp.send('Target.getTargets')).targetInfos.some((t) => t.targetId === offscreen.targetId),
      (there) => !there,
    );
  } finally {
    await cdp.detach().catch(() => {});
  }
}

it('CRM tab closed while a call rings: the call is answered from the popup, the next call pops in a new tab', async () => {
  const { callId } = await ring('TAB-CLOSED');
  await session.crmTab.close();
  expect(await mirroredCallState(session.popup, callId)).toBe('ringing');
  await answerFromPopupAndHangUp(callId);
  session.crmTab = await openCrmTab(session.chromium.browser, session.crm, session.dialogs);
  await expectNextCallPops(session, 'TAB-CLOSED-NEXT');
});

it('CRM tab navigated away while a call rings: the call is answered from the popup, the next call pops', async () => {
  const { callId } = await ring('TAB-AWAY');
  await session.crmTab.goto('about:blank');
  expect(await mirroredCallState(session.popup, callId)).toBe('ringing');
  await answerFromPopupAndHangUp(callId);
  await session.crmTab.goto(session.crm.origin);
  await expectNextCallPops(session, 'TAB-AWAY-NEXT');
});

async function answerFromPopupAndHangUp(callId: string): Promise<void> {
  const { popup, caller } = session;
  await clickPopupButton(popup, 'Answer', callId);
  await pollUntil('the caller to see the call established', () => caller.sessionState(), (s) => s === 'Established');
  await pollUntil('the call to be active', () => mirroredCallState(popup, callId), (s) => s === 'active');
  await clickPopupButton(popup, 'Hang up', callId);
  await pollUntil("the caller's call to end", () => caller.sessionState(), (s) => s === 'Terminated');
  await waitForIdle(popup);
}
