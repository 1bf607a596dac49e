/**
 * Transfers from the popup with real WebRTC: the caller (2001, SIP.js in a page) talks to the
 * agent, the agent types 1002 and presses Blind transfer (or Consult, then Complete transfer);
 * the caller's SIP.js follows the REFER (its stock behaviour, with Replaces for the attended one)
 * and calls 1002, a second WebRTC page that answers. The agent's call ends on the NOTIFY 200, and
 * RTP then flows between the caller and the target.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { platformaHeaderLines } from '../pbx/platforma-headers';
import { AGENT, startAgentSession, type AgentSession } from './helpers/agent-session';
import { startBrowserCaller, type AudioPackets, type BrowserCaller } from './helpers/browser-caller';
import { pollUntil, readPhoneState } from './helpers/extension';

let session: AgentSession;
let caller: BrowserCaller;
let target: BrowserCaller;
let popup: Page;

beforeAll(async () => {
  session = await startAgentSession();
  popup = session.popup;
  caller = await startBrowserCaller(session.chromium.browser, session.pbx);
  target = await startBrowserCaller(session.chromium.browser, session.pbx, '1002');
  // The target answers every call, as a colleague would; an INVITE with Replaces (the caller sent
  // by an attended transfer) takes the place of the call it has (the consult) and ends that one.
  await target.page.evaluate(() => {
    const w = window as unknown as { ua: any; session?: any; replaces?: string | null };
    w.ua.delegate = {
      onInvite: (invitation: any) => {
        const replaces: string | undefined = invitation.request.getHeader('replaces');
        const previous = w.session;
        w.session = invitation;
        w.replaces = replaces ?? null;
        void invitation.accept({ sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } }).then(() => {
          if (replaces !== undefined && previous?.state === 'Established') void previous.bye();
        });
      },
    };
  });
});

afterAll(async () => {
  await target?.close();
  await caller?.close();
  await session?.close();
});

async function answeredCall(ref: string): Promise<string> {
  await caller.call(AGENT, platformaHeaderLines({ 'X-Platforma-Call-Ref': ref }));
  const ringing = await pollUntil('the call to ring', () => readPhoneState(popup), (s) => s?.calls.some((c) => c.state === 'ringing') ?? false);
  const callId = ringing!.calls.find((c) => c.state === 'ringing')!.id;
  await popup.bringToFront();
  await popup.locator('::-p-aria([name="Answer"][role="button"])').click();
  await pollUntil('the caller to see the call established', () => caller.sessionState(), (s) => s === 'Established');
  await pollUntil('the call to be active', () => readPhoneState(popup), (s) => s?.calls.some((c) => c.id === callId && c.state === 'active') ?? false);
  return callId;
}

/** The media direction the caller was last offered on its original call (a=sendonly while held). */
function callerOfferedDirection(): Promise<string | null> {
  return caller.page.evaluate(() => {
    const pc: RTCPeerConnection | undefined = (window as unknown as { session?: any }).session?.sessionDescriptionHandler?.peerConnection;
    return /a=(sendrecv|sendonly|recvonly|inactive)/.exec(pc?.remoteDescription?.sdp ?? '')?.[1] ?? null;
  });
}

/** RTP audio packets of the caller's referred call (SIP.js keeps it as the session's `_referral`). */
function referredPackets(): Promise<AudioPackets | null> {
  return caller.page.evaluate(async () => {
    const referred = (window as unknown as { session?: { _referral?: any } }).session?._referral;
    const pc: RTCPeerConnection | undefined = referred?.sessionDescriptionHandler?.peerConnection;
    if (!pc || referred.state !== 'Established') return null;
    const totals = { sent: 0, received: 0 };
    (await pc.getStats()).forEach((s: { type: string; kind?: string; packetsSent?: number; packetsReceived?: number }) => {
      if (s.kind !== 'audio') return;
      if (s.type === 'outbound-rtp') totals.sent += s.packetsSent ?? 0;
      if (s.type === 'inbound-rtp') totals.received += s.packetsReceived ?? 0;
    });
    return totals;
  });
}

it('blind transfer from the popup: the agent leaves, the caller talks to 1002 with audio both ways', async () => {
  const callId = await answeredCall('CR-TRANSFER');

  await popup.locator('::-p-aria([name="Transfer to"])').fill('1002');
  await popup.locator('::-p-aria([name="Blind transfer"][role="button"])').click();

  const ended = await pollUntil(
    'the agent call to end as transferred',
    () => readPhoneState(popup),
    (s) => s?.calls.some((c) => c.id === callId && c.state === 'ended') ?? false,
  );
  expect(ended!.calls.find((c) => c.id === callId)).toMatchObject({
    endReason: 'agent-hung-up',
    endDetail: 'transferred to 1002',
    transfer: { mode: 'blind', target: '1002', status: 'accepted' },
  });
  await pollUntil('the original call to end at the caller', () => caller.sessionState(), (s) => s === 'Terminated');
  await pollUntil('the target to be in the call', () => target.sessionState(), (s) => s === 'Established');
  // Media between the caller and the target, both ways, and still flowing.
  const first = await pollUntil('RTP between the caller and 1002', referredPackets, (p) => (p?.sent ?? 0) > 0 && (p?.received ?? 0) > 0);
  const later = await pollUntil('RTP to keep flowing', referredPackets, (p) => (p?.received ?? 0) > first!.received && (p?.sent ?? 0) > first!.sent);
  expect(later!.received).toBeGreaterThan(0);
  expect((await target.audioPackets()).received).toBeGreaterThan(0);
  await target.hangup();
});

it('attended transfer from the popup: the caller held (sendonly), consult 1002, Complete: caller and 1002 talk (Replaces)', async () => {
  const callId = await answeredCall('CR-ATTENDED');
  await popup.locator('::-p-aria([name="Transfer to"])').fill('1002');
  await popup.locator('::-p-aria([name="Consult"][role="button"])').click();
  await pollUntil(
    'the consult to be answered',
    () => readPhoneState(popup),
    (s) => s?.calls.some((c) => c.id === callId && c.transfer?.phase === 'consulting') ?? false,
  );
  expect(await callerOfferedDirection()).toBe('sendonly');
  await pollUntil('the target to be in the consult', () => target.sessionState(), (s) => s === 'Established');
  await pollUntil('the popup to offer Complete', () => popup.$('::-p-aria([name="Complete transfer"][role="button"])'), (el) => el !== null);
  await popup.locator('::-p-aria([name="Complete transfer"][role="button"])').click();

  const ended = await pollUntil('the agent call to end', () => readPhoneState(popup), (s) => s?.calls.some((c) => c.id === callId && c.state === 'ended') ?? false);
  expect(ended!.calls.find((c) => c.id === callId)).toMatchObject({ endReason: 'agent-hung-up', transfer: { mode: 'attended', status: 'accepted' } });
  expect(await target.page.evaluate(() => (window as unknown as { replaces?: string | null }).replaces)).toMatch(/to-tag=.*from-tag=/);
  await pollUntil('the target to be in the call with the caller', () => target.sessionState(), (s) => s === 'Established');
  const first = await pollUntil('RTP between the caller and 1002', referredPackets, (p) => (p?.sent ?? 0) > 0 && (p?.received ?? 0) > 0);
  await pollUntil('RTP to keep flowing', referredPackets, (p) => (p?.received ?? 0) > first!.received && (p?.sent ?? 0) > first!.sent);
  await target.hangup();
});
