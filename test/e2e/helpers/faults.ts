/**
 * Shared steps of the fault-injection suite (test/e2e/faults-*.test.ts): the check every case
 * ends with ("the next call pops"), the popup's call controls, and waits on the phone's
 * registration as the worker mirrors it. Panels are read only through panel-dom.ts's helpers.
 */
import type { Page } from 'puppeteer-core';
import { platformaHeaderLines } from '../../pbx/platforma-headers';
import type { PhoneState } from '../../../lib/phone-host/phone-state';
import { AGENT } from './agent-session';
import { ringFromCaller, type CrmSession } from './crm-session';
import { extensionUrl, offscreenCount, pollUntil, popupStatus, readPhoneState } from './extension';
import type { LaunchedBrowser } from './launch-browser';
import { clickPanelButton, readPanelDom, waitForPanel } from './panel-dom';

let nextTag = 0;

/** A contact ref no earlier call of this process used, so its record request is unambiguous. */
export function uniqueRef(label: string): string {
  nextTag += 1;
  return `${label}-${process.pid}-${nextTag}`;
}

/**
 * The end of every fault case: a fresh call rings, `tab` (default: the session's CRM tab) shows its
 * panel ringing and the fixture CRM gets the record request for it; then the caller cancels, the
 * panel shows the missed call and is dismissed, and the phone is idle again.
 */
export async function expectNextCallPops(session: CrmSession, label: string, tab: Page = session.crmTab): Promise<void> {
  const ref = uniqueRef(label);
  const { callId, since } = await ringFromCaller(session, platformaHeaderLines({ 'X-Platforma-Contact-Ref': ref }));
  await session.crm.waitForRequest((r) => r.path === `/contacts/${encodeURIComponent(ref)}` && r.at >= since, 20_000);
  await waitForPanel(tab, callId, (p) => p.state === 'ringing' && p.fields.contactRef === ref, `the ringing panel of ${ref}`, 20_000);
  await session.caller.cancel();
  await waitForPanel(tab, callId, (p) => p.state === 'ended' && p.endReason === 'missed', `the missed-call panel of ${ref}`);
  await dismissPanel(tab, callId);
  await waitForIdle(session.popup);
}

/** Clicks Dismiss on the wrap-up view of `callId` and waits for it to go. */
export async function dismissPanel(tab: Page, callId: string): Promise<void> {
  await clickPanelButton(tab, 'Dismiss', callId);
  await pollUntil('the wrap-up view to go', () => readPanelDom(tab), (d) => !d.panels.some((p) => p.callId === callId));
}

/** No ringing or active call in the worker's mirror. */
export async function waitForIdle(popup: Page, timeoutMs = 15_000): Promise<PhoneState> {
  const state = await pollUntil('the phone to be idle', () => readPhoneState(popup), (s) => s !== null && !s.calls.some((c) => c.state !== 'ended'), {
    timeoutMs,
  });
  return state!;
}

/** The mirror says 'registered' with a registration made after `after` (epoch ms). */
export async function waitForRegisteredSince(popup: Page, after: number, timeoutMs = 30_000): Promise<PhoneState> {
  const state = await pollUntil(
    `a registration newer than ${new Date(after).toISOString()}`,
    () => readPhoneState(popup),
    (s) => s?.registration.state === 'registered' && s.registration.since > after,
    { timeoutMs, intervalMs: 200 },
  );
  await pollUntil(`the popup to say "Registered as ${AGENT}"`, () => popupStatus(popup), (t) => t === `Registered as ${AGENT}`, { timeoutMs });
  return state!;
}

/** The call's state in the mirror ('none' when it is not there). */
export async function mirroredCallState(popup: Page, callId: string): Promise<string> {
  const state = await readPhoneState(popup);
  return state?.calls.find((c) => c.id === callId)?.state ?? 'none';
}

/** The popup's "Current call" section: its call id, or null when it shows no call. */
export async function popupCallId(popup: Page): Promise<string | null> {
  return popup.$eval('section[aria-label="Current call"]', (el) => el.getAttribute('data-call-id')).catch(() => null);
}

/** Clicks a call control of the popup by its accessible name, once the popup shows `callId`. */
export async function clickPopupButton(popup: Page, name: string, callId: string): Promise<void> {
  await popup.bringToFront();
  await pollUntil(`the popup to show call ${callId}`, () => popupCallId(popup), (id) => id === callId);
  await popup.locator(`::-p-aria([name="${name}"][role="button"])`).click();
}

/** Answers `callId` from the panel or the popup and waits until both ends say it is established. */
export async function answerCall(session: CrmSession, callId: string, from: 'panel' | 'popup'): Promise<void> {
  if (from === 'panel') await clickPanelButton(session.crmTab, 'Answer', callId);
  else await clickPopupButton(session.popup, 'Answer', callId);
  await pollUntil('the caller to see the call established', () => session.caller.sessionState(), (s) => s === 'Established');
  await pollUntil('the call to be active in the mirror', () => mirroredCallState(session.popup, callId), (s) => s === 'active');
}

/** Hangs `callId` up from the panel or the popup; the caller sees the end, the panel shows the wrap-up. */
export async function hangUpCall(session: CrmSession, callId: string, from: 'panel' | 'popup'): Promise<void> {
  if (from === 'panel') await clickPanelButton(session.crmTab, 'Hang up', callId);
  else await clickPopupButton(session.popup, 'Hang up', callId);
  await pollUntil("the caller's call to end", () => session.caller.sessionState(), (s) => s === 'Terminated');
  await waitForPanel(session.crmTab, callId, (p) => p.state === 'ended' && p.endReason === 'agent-hung-up', 'the wrap-up view');
  await pollUntil('the popup to drop the call', () => popupCallId(session.popup), (id) => id === null);
}

/**
 * Closes the offscreen document from outside the extension (CDP Target.closeTarget from the
 * browser session, as a crash or the browser's own housekeeping would), and waits until it is gone.
 */
export async function closeOffscreenFromOutside(chromium: LaunchedBrowser): Promise<void> {
  const url = extensionUrl(chromium.extensionId, 'offscreen.html');
  const cdp = await chromium.browser.target().createCDPSession();
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    const offscreen = targetInfos.find((t) => t.url.startsWith(url));
    if (!offscreen) throw new Error('no offscreen document to close');
    await cdp.send('Target.closeTarget', { targetId: offscreen.targetId });
  } finally {
    await cdp.detach().catch(() => {});
  }
  await pollUntil('the offscreen document to close', async () => offscreenCount(chromium.browser, chromium.extensionId), (n) => n === 0);
}
