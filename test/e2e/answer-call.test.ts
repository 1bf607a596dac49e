/**
 * Answering from the popup: its Answer button sends 'call/accept' popup -> worker -> offscreen document, the phone
 * answers with real WebRTC (SIP.js's Web media handler, ICE on loopback, fake microphone), the
 * offscreen document plays the caller's audio through an <audio autoplay> element, the ring
 * tone stops, and hanging up removes the element again.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { platformaHeaderLines } from '../pbx/platforma-headers';
import { AGENT, startAgentSession, type AgentSession } from './helpers/agent-session';
import { startBrowserCaller, type BrowserCaller } from './helpers/browser-caller';
import { offscreenPage, pollUntil, readPhoneState } from './helpers/extension';
import type { LaunchedBrowser } from './helpers/launch-browser';

let session: AgentSession;
let chromium: LaunchedBrowser;
let caller: BrowserCaller;
let popup: Page;

beforeAll(async () => {
  session = await startAgentSession();
  ({ chromium, popup } = session);
  caller = await startBrowserCaller(chromium.browser, session.pbx);
});

afterAll(async () => {
  await caller?.close();
  await session?.close();
});

/** Clicks a button of the popup's call controls by its accessible name. */
async function clickPopupButton(name: string): Promise<void> {
  await popup.bringToFront();
  await popup.locator(`::-p-aria([name="${name}"][role="button"])`).click();
}

/** Sends a message from the popup page as the popup's code would, and returns the raw reply. */
function fromPopup(name: string, payload: unknown) {
  return popup.evaluate((name, payload) => chrome.runtime.sendMessage({ to: 'bg', name, payload }), name, payload);
}

it('answers from the popup with two-way audio in the offscreen document, and hangs up', async () => {
  const offscreen = await offscreenPage(chromium.browser, chromium.extensionId);
  const audioElements = () =>
    offscreen.evaluate(() => [...document.querySelectorAll('audio')].map((a) => ({ autoplay: a.autoplay, live: (a.srcObject as MediaStream | null)?.active ?? false })));

  await caller.call(AGENT, platformaHeaderLines({ 'X-Platforma-Call-Ref': 'CR-ANSWER' }));
  const state = await pollUntil('the call to ring', () => readPhoneState(popup), (s) => s?.calls.some((c) => c.state === 'ringing') ?? false);
  const callId = state!.calls.find((c) => c.state === 'ringing')!.id;
  expect(await offscreen.evaluate(() => document.body.dataset['ringtone'])).toBe('on');

  await clickPopupButton('Answer');
  await pollUntil('the call to be active', () => readPhoneState(popup), (s) => s?.calls.some((c) => c.id === callId && c.state === 'active') ?? false);
  await pollUntil('the caller to see the call established', () => caller.sessionState(), (s) => s === 'Established');
  expect(await offscreen.evaluate(() => document.body.dataset['ringtone'])).toBe('off');
  expect(await pollUntil('remote audio in the offscreen document', audioElements, (a) => a.length === 1)).toEqual([{ autoplay: true, live: true }]);
  await pollUntil('the caller to hear the agent', () => caller.hearsCallee(), (yes) => yes);

  await clickPopupButton('Hang up');
  await pollUntil('the caller to see the call end', () => caller.sessionState(), (s) => s === 'Terminated');
  await pollUntil('the audio element to go', audioElements, (a) => a.length === 0);
  const ended = (await readPhoneState(popup))?.calls.find((c) => c.id === callId);
  expect(ended).toMatchObject({ state: 'ended', endReason: 'agent-hung-up' });
});

it('declines from the popup: the caller gets 603 and the call ends as declined', async () => {
  await caller.call(AGENT, platformaHeaderLines({ 'X-Platforma-Call-Ref': 'CR-DECLINE' }));
  const state = await pollUntil('the call to ring', () => readPhoneState(popup), (s) => s?.calls.some((c) => c.state === 'ringing') ?? false);
  const callId = state!.calls.find((c) => c.state === 'ringing')!.id;
  await pollUntil('the popup to show the call', () => popup.$eval('section[aria-label="Current call"]', (el) => el.getAttribute('data-call-id')).catch(() => null), (id) => id === callId);
  await clickPopupButton('Decline');
  await pollUntil('the caller to get a final failure', () => caller.finalStatus(), (s) => s !== null);
  expect(await caller.finalStatus()).toBe(603);
  const ended = await pollUntil('the call to end', () => readPhoneState(popup), (s) => s?.calls.some((c) => c.id === callId && c.state === 'ended') ?? false);
  expect(ended!.calls.find((c) => c.id === callId)).toMatchObject({ state: 'ended', endReason: 'declined' });
  await pollUntil('the popup call controls to go', () => popup.$('section[aria-label="Current call"]'), (el) => el === null);
});

it('returns a phone error to the popup as an error, not as silence', async () => {
  const reply = await fromPopup('call/accept', { callId: 'no-such-call' });
  expect(reply).toMatchObject({ ok: false, error: { message: expect.any(String) } });
});
