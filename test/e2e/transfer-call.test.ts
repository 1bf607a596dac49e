/**
 * Blind transfer from the popup with real WebRTC: the caller (2001, SIP.js in a page) talks to the
 * agent, the agent types 1002 and presses Blind transfer; the caller's SIP.js follows the REFER
 * (its stock behaviour) and calls 1002, a second WebRTC page that answers. The agent's call ends
 * on the NOTIFY 200, and RTP then flows between the caller and the target.
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
  // The target answers every call, as a colleague would.
  await target.page.evaluate(() => {
    const w = window as unknown as { ua: any; session?: any };
    w.ua.delegate = {
      onInvite: (invitation: any) => {
        w.session = invitation;
        void invitation.accept({ sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } });
      },
    };
  });
});

afterAll(async () => {
  await target?.close();
  await caller?.close();
  await session?.close();
});

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
  await caller.call(AGENT, platformaHeaderLines({ 'X-Platforma-Call-Ref': 'CR-TRANSFER' }));
  const ringing = await pollUntil('the call to ring', () => readPhoneState(popup), (s) => s?.calls.some((c) => c.state === 'ringing') ?? false);
  const callId = ringing!.calls.find((c) => c.state === 'ringing')!.id;
  await popup.bringToFront();
  await popup.locator('::-p-aria([name="Answer"][role="button"])').click();
  await pollUntil('the caller to see the call established', () => caller.sessionState(), (s) => s === 'Established');
  await pollUntil('the call to be active', () => readPhoneState(popup), (s) => s?.calls.some((c) => c.id === callId && c.state === 'active') ?? false);

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
