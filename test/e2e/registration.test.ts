/**
 * The built Chrome extension against a real Kamailio: configured through the popup form, it
 * registers from its offscreen document, survives a PBX restart and a stopped service worker,
 * an inbound INVITE rings (toolbar badge + the worker's storage.session mirror + ring tone),
 * and a settings change reaches the phone at once.
 *
 * Needs `npx wxt build` first (the launcher fails with a clear message otherwise).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { Pbx } from '../pbx/kamailio';
import { PLATFORMA_NOTIFICATION, platformaHeaderLines, platformaNotification } from '../pbx/platforma-headers';
import { startCaller, type SipCaller } from '../pbx/sip-caller';
import { AGENT, agentSettings, startAgentSession, type AgentSession } from './helpers/agent-session';
import {
  fillSettingsForm,
  hasServiceWorker,
  offscreenCount,
  offscreenPage,
  pollUntil,
  popupStatus,
  readBadge,
  readPhoneState,
  stopServiceWorkers,
} from './helpers/extension';
import type { LaunchedBrowser } from './helpers/launch-browser';

let session: AgentSession;
let pbx: Pbx;
let caller: SipCaller;
let chromium: LaunchedBrowser;
let popup: Page;

beforeAll(async () => {
  // Unconfigured: the first test saves the form itself.
  session = await startAgentSession({ configure: false });
  ({ pbx, chromium, popup } = session);
  caller = await startCaller(pbx);
});

afterAll(async () => {
  await caller?.stop();
  await session?.close();
});

/** Waits until the mirror holds a ringing call with this call ref, and returns it. */
async function waitForRinging(callRef: string) {
  const state = await pollUntil(
    `a ringing call ${callRef} in storage.session`,
    () => readPhoneState(popup),
    (s) => s?.calls.some((c) => c.state === 'ringing' && c.notification.callRef === callRef) ?? false,
  );
  return state!.calls.find((c) => c.notification.callRef === callRef)!;
}

async function waitForNoRinging(): Promise<void> {
  await pollUntil('no ringing call', () => readPhoneState(popup), (s) => !s?.calls.some((c) => c.state === 'ringing'));
  await pollUntil('the RING badge to go', () => readBadge(popup), (b) => b.text !== 'RING');
}

describe('Chrome: registration and inbound calls', () => {
  it('starts unconfigured, then registers as 1001 once the popup form is saved', async () => {
    await pollUntil('the popup to say "Not configured"', () => popupStatus(popup), (t) => t === 'Not configured');
    await pollUntil('the "?" badge', () => readBadge(popup), (b) => b.text === '?');

    await fillSettingsForm(popup, agentSettings(pbx));

    await pollUntil('the popup to say "Registered as 1001"', () => popupStatus(popup), (t) => t === `Registered as ${AGENT}`);
    expect(pbx.requests('REGISTER', AGENT)).toBeGreaterThan(0);
    const badge = await pollUntil('the badge to clear', () => readBadge(popup), (b) => b.text === '');
    expect(badge.title).toBe(`Teleforge Screen-Pop: Registered as ${AGENT}`);
    expect(offscreenCount(chromium.browser, chromium.extensionId)).toBe(1);
  });

  it('registers again after the PBX restarts, showing the reconnect live in the popup', async () => {
    await popup.evaluate(() => {
      const el = document.querySelector('p[role="status"].status-line')!;
      const seen: string[] = [];
      (window as unknown as { seenStatus: string[] }).seenStatus = seen;
      new MutationObserver(() => seen.push(el.textContent ?? '')).observe(el, { childList: true, characterData: true, subtree: true });
    });
    const before = pbx.requests('REGISTER', AGENT);
    await caller.stop();
    await pbx.restart();
    // The restart forgot every registration: the caller registers again too.
    caller = await startCaller(pbx);

    await pollUntil(
      'a new REGISTER from 1001 after the restart',
      async () => pbx.requests('REGISTER', AGENT),
      (n) => n > before,
      { timeoutMs: 30_000 },
    );
    await pollUntil('the popup to say "Registered as 1001" again', () => popupStatus(popup), (t) => t === `Registered as ${AGENT}`, {
      timeoutMs: 30_000,
    });
    const seen = await popup.evaluate(() => (window as unknown as { seenStatus: string[] }).seenStatus);
    expect(seen.some((t) => /^Reconnecting( in \d+ s|…)$/.test(t)), `popup texts seen: ${JSON.stringify(seen)}`).toBe(true);
    expect(seen.at(-1)).toBe(`Registered as ${AGENT}`);
  });

  it('rings on an inbound INVITE, with the X-Platforma headers decoded, and stops when the caller cancels', async () => {
    const call = await caller.call(AGENT, platformaHeaderLines({ 'X-Platforma-Call-Ref': 'CR-E2E-1' }));
    const ringing = await waitForRinging('CR-E2E-1');
    expect(ringing.notification).toMatchObject(platformaNotification({ callRef: 'CR-E2E-1' }));
    const badge = await pollUntil('the RING badge', () => readBadge(popup), (b) => b.text === 'RING');
    expect(badge.title).toContain(PLATFORMA_NOTIFICATION.number);
    const offscreen = await offscreenPage(chromium.browser, chromium.extensionId);
    const ringtone = () => offscreen.evaluate(() => document.body.dataset['ringtone'] ?? 'never started');
    expect(await ringtone()).toBe('on');

    await call.cancel();
    await waitForNoRinging();
    expect(await ringtone()).toBe('off');
    const ended = (await readPhoneState(popup))?.calls.find((c) => c.notification.callRef === 'CR-E2E-1');
    expect(ended).toMatchObject({ state: 'ended' });
  });

  it('stays registered while the service worker is stopped: the next INVITE still rings', async () => {
    const offscreen = await offscreenPage(chromium.browser, chromium.extensionId);
    await stopServiceWorkers(popup);
    await pollUntil('the service worker to stop', async () => hasServiceWorker(chromium.browser, chromium.extensionId), (up) => !up);

    const call = await caller.call(AGENT, platformaHeaderLines({ 'X-Platforma-Call-Ref': 'CR-E2E-2' }));
    // The offscreen document's report wakes the worker, which mirrors the ringing call.
    await waitForRinging('CR-E2E-2');
    await pollUntil('the RING badge', () => readBadge(popup), (b) => b.text === 'RING');
    expect(offscreenCount(chromium.browser, chromium.extensionId)).toBe(1);
    expect(offscreen.isClosed()).toBe(false);

    await call.cancel();
    await waitForNoRinging();
  });

  it('follows a settings change at once: a wrong password shows as such, the right one registers again', async () => {
    await fillSettingsForm(popup, { Password: 'not-the-password' });
    await pollUntil('the popup to say "Wrong password for 1001"', () => popupStatus(popup), (t) => t === `Wrong password for ${AGENT}`);
    const badge = await pollUntil('the "!" badge', () => readBadge(popup), (b) => b.text === '!');
    expect(badge.title).toBe(`Teleforge Screen-Pop: Wrong password for ${AGENT}`);

    await fillSettingsForm(popup, { Password: pbx.users[AGENT]! });
    await pollUntil('the popup to say "Registered as 1001"', () => popupStatus(popup), (t) => t === `Registered as ${AGENT}`);
    expect(offscreenCount(chromium.browser, chromium.extensionId)).toBe(1);
  });
});
