/**
 * Availability and keyboard shortcuts in the built extension: Do not disturb chosen in the popup
 * by its label makes the next call get 486 at the caller (and shows on the badge, and is kept in
 * storage); the shortcuts, fired as Chrome fires them (a real chrome.commands.onCommand dispatch
 * in the worker: CDP key events never reach the browser's accelerators), answer, mute and hang up
 * at the WebRTC caller's side, and toggle the availability. The popup lists the actual bindings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, WebWorker } from 'puppeteer-core';
import { platformaHeaderLines } from '../pbx/platforma-headers';
import { AGENT, startAgentSession, type AgentSession } from './helpers/agent-session';
import { startBrowserCaller, type BrowserCaller } from './helpers/browser-caller';
import { pollUntil, readBadge, readPhoneState, serviceWorker } from './helpers/extension';
import { uniqueRef } from './helpers/faults';

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

async function chooseAvailability(label: string): Promise<void> {
  await popup.bringToFront();
  await popup.locator(`::-p-aria([name="${label}"][role="radio"])`).click();
}

const storedAvailability = () => popup.evaluate(async () => (await chrome.storage.local.get('availability'))['availability']);

/** Fires a command the way Chrome does for a pressed shortcut: through the worker's own onCommand event. */
async function fireCommand(command: string): Promise<void> {
  const worker: WebWorker = await serviceWorker(session.chromium.browser, session.chromium.extensionId);
  await worker.evaluate((name) => {
    (chrome.commands.onCommand as unknown as { dispatch(command: string): void }).dispatch(name);
  }, command);
}

async function ringingCallId(): Promise<string> {
  const state = await pollUntil('the call to ring', () => readPhoneState(popup), (s) => s?.calls.some((c) => c.state === 'ringing') ?? false);
  return state!.calls.find((c) => c.state === 'ringing')!.id;
}

describe('availability', () => {
  it('Do not disturb chosen in the popup: the next call gets 486, the badge says DND, and the choice is stored', async () => {
    await chooseAvailability('Do not disturb');
    await pollUntil('the phone to report dnd', () => readPhoneState(popup), (s) => s?.availability === 'dnd');
    expect(await storedAvailability()).toBe('dnd');
    expect((await readBadge(popup)).text).toBe('DND');

    await caller.call(AGENT, platformaHeaderLines({ 'X-Platforma-Call-Ref': uniqueRef('DND') }));
    expect(await pollUntil('the caller to get a final answer', () => caller.finalStatus(), (s) => s !== null)).toBe(486);
    const state = await readPhoneState(popup);
    expect(state?.calls[0]).toMatchObject({ state: 'ended', endReason: 'missed' });
    expect(state?.calls.some((c) => c.state === 'ringing')).toBe(false);

    await chooseAvailability('Available');
    await pollUntil('the phone to report available', () => readPhoneState(popup), (s) => s?.availability === 'available');
    expect((await readBadge(popup)).text).toBe('');
  });
});

describe('keyboard shortcuts', () => {
  it('the popup lists the shortcuts with the bindings the browser has', async () => {
    const rows = await popup.$$eval('.shortcuts [data-command]', (els) =>
      els.map((el) => [el.getAttribute('data-command'), el.querySelector('dd')?.textContent ?? '']),
    );
    const bindings = Object.fromEntries(rows);
    const actual = await popup.evaluate(async () => Object.fromEntries((await chrome.commands.getAll()).map((c) => [c.name, c.shortcut || 'Not set'])));
    for (const name of ['answer-call', 'decline-call', 'hang-up', 'toggle-mute', 'toggle-hold', 'toggle-availability']) {
      expect(bindings[name]).toBe(actual[name]);
    }
    expect(bindings['toggle-hold']).toBe('Not set');
  });

  it('answer, mute and hang up by shortcut reach the caller; the active call shows its quality', async () => {
    await caller.call(AGENT, platformaHeaderLines({ 'X-Platforma-Call-Ref': uniqueRef('KEYS') }));
    const callId = await ringingCallId();
    await fireCommand('answer-call');
    await pollUntil('the caller to see the call established', () => caller.sessionState(), (s) => s === 'Established');
    await pollUntil('the caller to hear the agent', () => caller.hearsCallee(), (yes) => yes);

    // The call-quality indicator: the phone samples getStats every ~2 s while the call is active.
    const quality = await pollUntil('the popup to show the call quality', () => popup.$eval('section[aria-label="Current call"] [data-field="quality"]', (el) => ({ level: el.getAttribute('data-level'), text: el.textContent ?? '' })).catch(() => null), (q) => q !== null);
    expect(quality!.level).toMatch(/^(good|fair|poor)$/);
    expect(quality!.text).toMatch(/Loss \d+(\.\d)?% · jitter \d+ ms/);
    const mirrored = (await readPhoneState(popup))?.calls.find((c) => c.id === callId)?.quality;
    expect(mirrored).toMatchObject({ lossPct: expect.any(Number), jitterMs: expect.any(Number) });

    await fireCommand('toggle-mute');
    await pollUntil('the call to be muted', () => readPhoneState(popup), (s) => s?.calls.find((c) => c.id === callId)?.muted === true);

    await fireCommand('hang-up');
    await pollUntil('the caller to see the call end', () => caller.sessionState(), (s) => s === 'Terminated');
    const ended = await pollUntil('the call to end', () => readPhoneState(popup), (s) => s?.calls.find((c) => c.id === callId)?.state === 'ended');
    expect(ended?.calls.find((c) => c.id === callId)).toMatchObject({ endReason: 'agent-hung-up' });
  });

  it('decline by shortcut: the caller gets 603', async () => {
    await caller.call(AGENT, platformaHeaderLines({ 'X-Platforma-Call-Ref': uniqueRef('KEYS-DECLINE') }));
    await ringingCallId();
    await fireCommand('decline-call');
    expect(await pollUntil('the caller to get a final answer', () => caller.finalStatus(), (s) => s !== null)).toBe(603);
  });

  it('toggle availability by shortcut: Do not disturb (the caller gets 486), then Available again', async () => {
    await fireCommand('toggle-availability');
    await pollUntil('the phone to report dnd', () => readPhoneState(popup), (s) => s?.availability === 'dnd');
    expect(await storedAvailability()).toBe('dnd');
    await caller.call(AGENT, platformaHeaderLines({ 'X-Platforma-Call-Ref': uniqueRef('KEYS-DND') }));
    expect(await pollUntil('the caller to get a final answer', () => caller.finalStatus(), (s) => s !== null)).toBe(486);
    await fireCommand('toggle-availability');
    await pollUntil('the phone to report available', () => readPhoneState(popup), (s) => s?.availability === 'available');
  });
});
