/**
 * Hold / resume and RFC 4733 DTMF with real WebRTC on both ends: the built extension answers a
 * call from a SIP.js caller in a web page; 'call/hold' from the popup page re-INVITEs, and the RTP
 * really stops towards the caller's side and flows again: the negotiated transceiver direction at
 * both ends and the packet counters of both RTCPeerConnections. Keypad digits sent with
 * 'call/dtmf' (RFC 4733 through the RTCDTMFSender) are heard as DTMF tones in the caller's audio.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { platformaHeaderLines } from '../pbx/platforma-headers';
import { AGENT, startAgentSession, type AgentSession } from './helpers/agent-session';
import { startBrowserCaller, type BrowserCaller } from './helpers/browser-caller';
import { offscreenPage, pollUntil, readPhoneState, trackPeerConnections, trackedAudioPackets } from './helpers/extension';

let session: AgentSession;
let caller: BrowserCaller;
let popup: Page;
let offscreen: Page;

beforeAll(async () => {
  session = await startAgentSession();
  ({ popup } = session);
  caller = await startBrowserCaller(session.chromium.browser, session.pbx);
  offscreen = await offscreenPage(session.chromium.browser, session.chromium.extensionId);
  await trackPeerConnections(offscreen);
});

afterAll(async () => {
  await caller?.close();
  await session?.close();
});

/** Sends a message from the popup page as the popup's code does; returns the raw reply. */
function fromPopup(name: string, payload: unknown) {
  return popup.evaluate((name, payload) => chrome.runtime.sendMessage({ to: 'bg', name, payload }), name, payload);
}

const agentDirection = () =>
  offscreen.evaluate(() => {
    const pc = ((window as unknown as { __peerConnections?: RTCPeerConnection[] }).__peerConnections ?? []).at(-1);
    return pc?.getTransceivers().find((t) => t.receiver.track.kind === 'audio')?.currentDirection ?? null;
  });

/** Packets each side counts over `ms`: what the caller sends and receives, what the agent receives. */
async function flow(ms = 1_500): Promise<{ callerSent: number; callerReceived: number; agentReceived: number; agentSent: number }> {
  const [c0, a0] = [await caller.audioPackets(), await trackedAudioPackets(offscreen)];
  await new Promise((r) => setTimeout(r, ms));
  const [c1, a1] = [await caller.audioPackets(), await trackedAudioPackets(offscreen)];
  return { callerSent: c1.sent - c0.sent, callerReceived: c1.received - c0.received, agentReceived: a1.received - a0.received, agentSent: a1.sent - a0.sent };
}

it('hold stops the caller-to-agent RTP (agent sendonly, caller recvonly) once the re-INVITE is answered; resume brings it back', async () => {
  await caller.call(AGENT, platformaHeaderLines({ 'X-Platforma-Call-Ref': 'CR-HOLD' }));
  const ringing = await pollUntil('the call to ring', () => readPhoneState(popup), (s) => s?.calls.some((c) => c.state === 'ringing') ?? false);
  const callId = ringing!.calls.find((c) => c.state === 'ringing')!.id;
  expect(await fromPopup('call/accept', { callId })).toMatchObject({ ok: true });
  await pollUntil('the caller to see the call established', () => caller.sessionState(), (s) => s === 'Established');
  await pollUntil('media both ways', () => flow(800), (f) => f.callerSent > 10 && f.agentReceived > 10 && f.callerReceived > 10);
  expect([await agentDirection(), await caller.audioDirection()]).toEqual(['sendrecv', 'sendrecv']);

  expect(await fromPopup('call/hold', { callId, held: true })).toMatchObject({ ok: true });
  const held = await readPhoneState(popup);
  expect(held?.calls.find((c) => c.id === callId)).toMatchObject({ state: 'active', hold: 'held' });
  await pollUntil('the directions to follow the hold', async () => [await agentDirection(), await caller.audioDirection()], (d) => d[0] === 'sendonly' && d[1] === 'recvonly');
  const onHold = await pollUntil('the caller to stop sending', () => flow(), (f) => f.callerSent <= 2);
  // We still send (music on hold would go here), the caller no longer does, so the agent hears nothing.
  expect(onHold.agentReceived).toBeLessThanOrEqual(2);
  expect(onHold.callerReceived).toBeGreaterThan(10);

  expect(await fromPopup('call/hold', { callId, held: false })).toMatchObject({ ok: true });
  expect((await readPhoneState(popup))?.calls.find((c) => c.id === callId)?.hold).toBeUndefined();
  await pollUntil('both directions sendrecv again', async () => [await agentDirection(), await caller.audioDirection()], (d) => d[0] === 'sendrecv' && d[1] === 'sendrecv');
  const resumed = await pollUntil('the caller to send again', () => flow(), (f) => f.callerSent > 10 && f.agentReceived > 10);
  expect(resumed.callerReceived).toBeGreaterThan(10);
});

it('a refused hold (488) leaves the call talking with media both ways, says why, and the next hold works', async () => {
  const state = await readPhoneState(popup);
  const callId = state!.calls.find((c) => c.state === 'active')!.id;
  await caller.refuseNextOffer();
  const refused = await fromPopup('call/hold', { callId, held: true });
  expect(refused).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^Hold failed: 488/) } });
  expect((await readPhoneState(popup))?.calls.find((c) => c.id === callId)).toMatchObject({ state: 'active', holdError: expect.stringMatching(/^Hold failed: 488/) });
  expect([await agentDirection(), await caller.audioDirection()]).toEqual(['sendrecv', 'sendrecv']);
  const still = await pollUntil('media both ways after the refusal', () => flow(), (f) => f.callerSent > 10 && f.agentReceived > 10 && f.callerReceived > 10);
  expect(still.agentSent).toBeGreaterThan(10);
  // The refused offer was rolled back (rollback-offer.ts): without that this hold fails too.
  await new Promise((r) => setTimeout(r, 300)); // an agent's pause (see the integration test)
  expect(await fromPopup('call/hold', { callId, held: true })).toMatchObject({ ok: true });
  await pollUntil('held for real', async () => [await agentDirection(), await caller.audioDirection()], (d) => d[0] === 'sendonly' && d[1] === 'recvonly');
  await new Promise((r) => setTimeout(r, 300));
  expect(await fromPopup('call/hold', { callId, held: false })).toMatchObject({ ok: true });
  await pollUntil('sendrecv again', async () => [await agentDirection(), await caller.audioDirection()], (d) => d[0] === 'sendrecv' && d[1] === 'sendrecv');
});

it('RFC 4733 keypad digits are heard as DTMF tones at the caller, in order; bad digits are refused', async () => {
  const state = await readPhoneState(popup);
  const callId = state!.calls.find((c) => c.state === 'active')!.id;
  await caller.startToneDetector();
  // Nothing before a key is pressed: the fake microphone's beep is no DTMF pair.
  await new Promise((r) => setTimeout(r, 1_000));
  expect(await caller.tonesHeard()).toBe('');

  expect(await fromPopup('call/dtmf', { callId, digits: '1#5' })).toMatchObject({ ok: true });
  expect(await pollUntil('the caller to hear 1 # 5', () => caller.tonesHeard(), (t) => t.length >= 3, { timeoutMs: 10_000 })).toBe('1#5');
  expect(await fromPopup('call/dtmf', { callId, digits: '1x' })).toMatchObject({ ok: false, error: { name: 'InvalidPayload' } });

  await caller.hangup();
  await pollUntil('the call to end', () => readPhoneState(popup), (s) => s?.calls.find((c) => c.id === callId)?.state === 'ended');
});
