/**
 * "Relay only: hide my local network addresses" with the built extension in Chromium and the test
 * PBX: the agent's answer SDP, as the WebRTC caller receives it, carries host candidates (the
 * agent's local addresses) with the setting off, and no host or server-reflexive candidate with it
 * on. The TURN server in the settings is not running here, so with relay only the call has no media
 * path at all: what the caller would learn of the agent's network is nothing.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { platformaHeaderLines } from '../pbx/platforma-headers';
import { AGENT, startAgentSession, type AgentSession } from './helpers/agent-session';
import { startBrowserCaller, type BrowserCaller } from './helpers/browser-caller';
import { offscreenPage, pollUntil, popupStatus, readPhoneState, trackPeerConnections } from './helpers/extension';
import { clickSave, control, saveState, typeInto } from './helpers/popup-form';

let session: AgentSession;
let caller: BrowserCaller;
let popup: Page;

beforeAll(async () => {
  session = await startAgentSession();
  ({ popup } = session);
  caller = await startBrowserCaller(session.chromium.browser, session.pbx);
});

afterAll(async () => {
  await caller?.close();
  await session?.close();
});

async function clickPopupButton(name: string): Promise<void> {
  await popup.bringToFront();
  await popup.locator(`::-p-aria([name="${name}"][role="button"])`).click();
}

/** The candidate types ("host", "srflx", "relay") in the SDP the caller got from the agent. */
async function answerCandidateTypes(): Promise<string[]> {
  const sdp = await caller.page.evaluate(() => {
    const pc = (window as unknown as { session?: { sessionDescriptionHandler?: { peerConnection?: RTCPeerConnection } } }).session
      ?.sessionDescriptionHandler?.peerConnection;
    return pc?.remoteDescription?.sdp ?? null;
  });
  if (sdp === null) throw new Error('the caller has no answer SDP');
  return [...sdp.matchAll(/^a=candidate:.* typ (\w+)/gm)].map((m) => m[1]!);
}

/** Rings, answers from the popup, waits for the caller to see 200 OK; returns the answer's candidate types. */
async function answeredCall(ref: string): Promise<string[]> {
  await caller.call(AGENT, platformaHeaderLines({ 'X-Platforma-Call-Ref': ref }));
  const state = await pollUntil('the call to ring', () => readPhoneState(popup), (s) => s?.calls.some((c) => c.state === 'ringing') ?? false);
  const callId = state!.calls.find((c) => c.state === 'ringing')!.id;
  await clickPopupButton('Answer');
  await pollUntil('the caller to see the call established', () => caller.sessionState(), (s) => s === 'Established');
  const types = await answerCandidateTypes();
  await caller.hangup();
  await pollUntil('the call to end', () => readPhoneState(popup), (s) => s?.calls.some((c) => c.id === callId && c.state === 'ended') ?? false);
  return types;
}

it('with the setting off, the answer carries the agent\'s host candidates (the control case)', async () => {
  const types = await answeredCall('CR-RELAY-OFF');
  expect(types).toContain('host');
});

it('with "Relay only" on, the answer has no host or server-reflexive candidate, and the peer connection is relay-only', async () => {
  await typeInto(popup, 'ICE servers', 'turn:127.0.0.1:3478 relay-user');
  await typeInto(popup, 'TURN credential', 'relay-cred');
  const relay = await control(popup, 'Relay only: hide my local network addresses');
  await relay.click();
  expect(await relay.evaluate((el) => (el as HTMLInputElement).checked)).toBe(true);
  await clickSave(popup);
  await pollUntil('"Saved"', () => saveState(popup), (t) => t === 'Saved');
  await pollUntil('the popup to say "Registered as 1001" again', () => popupStatus(popup), (t) => t === `Registered as ${AGENT}`);
  const offscreen = await offscreenPage(session.chromium.browser, session.chromium.extensionId);
  await trackPeerConnections(offscreen);

  const types = await answeredCall('CR-RELAY-ON');
  expect(types.filter((t) => t === 'host' || t === 'srflx' || t === 'prflx')).toEqual([]);
  // The phone's own connection, seen from the offscreen document: made with the relay policy.
  const policies = await offscreen.evaluate(() =>
    ((window as unknown as { __peerConnections?: RTCPeerConnection[] }).__peerConnections ?? []).map((pc) => pc.getConfiguration().iceTransportPolicy),
  );
  expect(policies).toEqual(['relay']);
});
