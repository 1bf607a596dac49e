/**
 * The watchdog in the built Chrome extension: when the offscreen document that holds the phone
 * is gone and the service worker is stopped, only the 'phone-watchdog' alarm can wake the
 * worker. It must recreate the document, which registers again by itself, and inbound calls
 * ring again, without any page or message from the test waking the worker.
 *
 * Needs `npx wxt build` first. Takes ~30-40 s: Chrome fires the alarm at most every 30 s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { Pbx } from '../pbx/kamailio';
import { PLATFORMA_NOTIFICATION, platformaHeaderLines } from '../pbx/platforma-headers';
import { startCaller, type SipCaller } from '../pbx/sip-caller';
import { AGENT, startAgentSession, type AgentSession } from './helpers/agent-session';
import {
  hasServiceWorker,
  offscreenCount,
  pollUntil,
  popupStatus,
  readPhoneState,
  serviceWorker,
  stopServiceWorkers,
} from './helpers/extension';
import type { LaunchedBrowser } from './helpers/launch-browser';

/** One alarm period (30 s), plus time to start the worker, the document and the REGISTER. */
const RECOVERY_TIMEOUT_MS = 45_000;

let session: AgentSession;
let pbx: Pbx;
let caller: SipCaller;
let chromium: LaunchedBrowser;
let popup: Page;

beforeAll(async () => {
  session = await startAgentSession();
  ({ pbx, chromium, popup } = session);
  caller = await startCaller(pbx);
});

afterAll(async () => {
  await caller?.stop();
  await session?.close();
});

describe('Chrome: the watchdog brings back a closed offscreen document', () => {
  it('recreates the document from the alarm while the worker is stopped, and registers again', async () => {
    const worker = await serviceWorker(chromium.browser, chromium.extensionId);
    const alarm = await worker.evaluate(() => chrome.alarms.get('phone-watchdog'));
    expect(alarm?.periodInMinutes).toBe(0.5);
    const registersBefore = pbx.requests('REGISTER', AGENT);

    const closedAt = Date.now();
    await worker.evaluate(() => chrome.offscreen.closeDocument());
    // An attached DevTools session keeps a service worker running: let go before stopping it.
    await worker.client.detach();
    await pollUntil('the offscreen document to close', async () => offscreenCount(chromium.browser, chromium.extensionId), (n) => n === 0);
    await stopServiceWorkers(popup);
    await pollUntil('the service worker to stop', async () => hasServiceWorker(chromium.browser, chromium.extensionId), (up) => !up);
    const stoppedAt = Date.now();

    // The popup stays open but idle: it wakes the worker only when it opens. The mirror still
    // says 'registered' from before the close, so wait for a registration newer than the close.
    const [wokeAt, state] = await Promise.all([
      pollUntil('the alarm to wake the worker', async () => hasServiceWorker(chromium.browser, chromium.extensionId), (up) => up, {
        timeoutMs: RECOVERY_TIMEOUT_MS,
      }).then(() => Date.now()),
      pollUntil(
        'a registration newer than the close in storage.session',
        () => readPhoneState(popup),
        (s) => s?.registration.state === 'registered' && s.registration.since > closedAt,
        { timeoutMs: RECOVERY_TIMEOUT_MS, intervalMs: 250 },
      ),
    ]);
    console.info(
      `offscreen recovery: worker woken ${wokeAt - stoppedAt} ms after it was stopped; ` +
        `registered again ${state!.registration.since - closedAt} ms after the close ` +
        `(${state!.registration.since - wokeAt} ms after the wake)`,
    );

    expect(state!.registration.ext).toBe(AGENT);
    expect(pbx.requests('REGISTER', AGENT)).toBeGreaterThan(registersBefore);
    expect(offscreenCount(chromium.browser, chromium.extensionId)).toBe(1);
    await pollUntil('the popup to say "Registered as 1001"', () => popupStatus(popup), (t) => t === `Registered as ${AGENT}`);
  }, 60_000);

  it('rings on a new INVITE through the recreated document', async () => {
    const call = await caller.call(AGENT, platformaHeaderLines({ 'X-Platforma-Call-Ref': 'CR-RECOVERED' }));
    const state = await pollUntil(
      'the call CR-RECOVERED ringing in storage.session',
      () => readPhoneState(popup),
      (s) => s?.calls.some((c) => c.state === 'ringing' && c.notification.callRef === 'CR-RECOVERED') ?? false,
    );
    expect(state!.calls.find((c) => c.notification.callRef === 'CR-RECOVERED')?.notification.number).toBe(PLATFORMA_NOTIFICATION.number);
    await call.cancel();
    await pollUntil('the call to end', () => readPhoneState(popup), (s) => !s?.calls.some((c) => c.state === 'ringing'));
  });
});
