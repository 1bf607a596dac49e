/**
 * Audio devices in the built extension with Chromium's fake devices (which list two outputs
 * besides the default, with ids, through enumerateDevices): the ringtone device chosen in the
 * popup by its label is the sink of the ringtone's <audio> element in the offscreen document, the
 * call speaker the sink of the call audio, and both are kept in the saved settings.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { platformaHeaderLines } from '../pbx/platforma-headers';
import { AGENT, startAgentSession, type AgentSession } from './helpers/agent-session';
import { startBrowserCaller, type BrowserCaller } from './helpers/browser-caller';
import { offscreenPage, pollUntil, readPhoneState } from './helpers/extension';
import { uniqueRef } from './helpers/faults';
import { choose, clickSave, saveState, storedSettings } from './helpers/popup-form';

let session: AgentSession;
let caller: BrowserCaller;
let popup: Page;

beforeAll(async () => {
  session = await startAgentSession();
  popup = session.popup;
  caller = await startBrowserCaller(session.chromium.browser, session.pbx);
});

afterAll(async () => {
  await caller?.close();
  await session?.close();
});

/** The fake output devices, as the popup lists them. */
async function outputs(): Promise<{ id: string; label: string }[]> {
  return popup.evaluate(async () =>
    (await navigator.mediaDevices.enumerateDevices())
      .filter((d) => d.kind === 'audiooutput' && d.deviceId !== 'default')
      .map((d) => ({ id: d.deviceId, label: d.label })),
  );
}

it('rings on the chosen ringtone device and plays the call on the chosen speaker', async () => {
  const [speaker, ringer] = await outputs();
  expect(speaker && ringer).toBeTruthy();
  await popup.bringToFront();
  await choose(popup, 'Ringtone device', ringer!.label);
  await choose(popup, 'Call speaker', speaker!.label);
  await clickSave(popup);
  await pollUntil('the form to save', () => saveState(popup), (s) => s.startsWith('Saved'));
  expect(await storedSettings(popup)).toMatchObject({ ringtoneDeviceId: ringer!.id, speakerId: speaker!.id });

  const offscreen = await offscreenPage(session.chromium.browser, session.chromium.extensionId);
  await caller.call(AGENT, platformaHeaderLines({ 'X-Platforma-Call-Ref': uniqueRef('RING-DEVICE') }));
  const state = await pollUntil('the call to ring', () => readPhoneState(popup), (s) => s?.calls.some((c) => c.state === 'ringing') ?? false);
  const callId = state!.calls.find((c) => c.state === 'ringing')!.id;
  const ringSink = () => offscreen.evaluate(() => document.querySelector<HTMLAudioElement>('audio[data-role="ringtone"]')?.sinkId ?? null);
  expect(await pollUntil('the ringtone element on the chosen device', ringSink, (id) => id === ringer!.id)).toBe(ringer!.id);
  expect(await offscreen.evaluate(() => document.body.dataset['ringtone'])).toBe('on');

  await popup.bringToFront();
  await popup.locator('::-p-aria([name="Answer"][role="button"])').click();
  const callSink = () => offscreen.evaluate((id) => document.querySelector<HTMLAudioElement>(`audio[data-call-id="${id}"]`)?.sinkId ?? null, callId);
  expect(await pollUntil('the call audio on the chosen speaker', callSink, (id) => id === speaker!.id)).toBe(speaker!.id);
  await popup.locator('::-p-aria([name="Hang up"][role="button"])').click();
  await pollUntil('the caller to see the call end', () => caller.sessionState(), (s) => s === 'Terminated');
});

it('a test tone plays in the popup on the chosen device', async () => {
  const [, ringer] = await outputs();
  await popup.bringToFront();
  const played = popup.waitForFunction(
    (id) => [...document.querySelectorAll<HTMLAudioElement>('audio[data-role="test-tone"]')].some((a) => a.sinkId === id && !a.paused),
    { timeout: 10_000, polling: 20 },
    ringer!.id,
  );
  await popup.locator('::-p-aria([name="Test ringtone device"][role="button"])').click();
  await played;
});
