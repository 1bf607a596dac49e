/**
 * A network change during a call: the phone's WebSocket to the PBX is cut mid-call (the
 * offscreen document offline through CDP, and the TCP path under its WebSocket torn down: emulated
 * offline alone leaves an open loopback socket up, see faults-network.test.ts). The phone reaches
 * Kamailio through a small TCP relay so only ITS path is cut; the caller stays connected. The
 * answered call must survive: the phone registers again, sends a re-INVITE with an ICE restart, and
 * RTP flows again at the caller (its getStats counters keep rising after the cut).
 *
 * Needs `TELEFORGE_CRM_ORIGINS=http://127.0.0.1,http://localhost npx wxt build` first.
 */
import net from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CDPSession, Page } from 'puppeteer-core';
import { platformaHeaderLines } from '../pbx/platforma-headers';
import { AGENT, startAgentSession, type AgentSession } from './helpers/agent-session';
import { startBrowserCaller, type BrowserCaller } from './helpers/browser-caller';
import { fillSettingsForm, offscreenPage, pollUntil, popupStatus, readPhoneState } from './helpers/extension';
import { uniqueRef } from './helpers/faults';

let session: AgentSession;
let caller: BrowserCaller;
let popup: Page;
let relay: { url: string; cut(): void; close(): Promise<void> };
let network: CDPSession | undefined;

/** A TCP relay to the PBX whose open connections can be cut (the listener stays, as after a network change). */
function startRelay(target: URL): Promise<typeof relay> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({
        url: `ws://127.0.0.1:${port}${target.pathname}`,
        cut: () => {
          for (const s of sockets) s.destroy();
        },
        close: () => new Promise((r) => {
          for (const s of sockets) s.destroy();
          server.close(() => r());
        }),
      });
    });
  });
}

/**
 * The agent's ICE username fragments the caller's RTCPeerConnection has seen (remote candidates in
 * getStats): an ICE restart brings new credentials (RFC 8839), so a new fragment shows up.
 */
function remoteUfrags(): Promise<string[]> {
  return caller.page.evaluate(async () => {
    const pc = (window as unknown as { session?: { sessionDescriptionHandler?: { peerConnection?: RTCPeerConnection } } }).session?.sessionDescriptionHandler?.peerConnection;
    const ufrags = new Set<string>();
    (await pc?.getStats())?.forEach((s: Record<string, unknown>) => {
      if (s['type'] === 'remote-candidate' && typeof s['usernameFragment'] === 'string') ufrags.add(s['usernameFragment']);
    });
    return [...ufrags];
  });
}

async function setOffline(offline: boolean): Promise<void> {
  if (!network) {
    const offscreen = await offscreenPage(session.chromium.browser, session.chromium.extensionId);
    network = await offscreen.createCDPSession();
    await network.send('Network.enable');
  }
  await network.send('Network.emulateNetworkConditions', { offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
}

beforeAll(async () => {
  session = await startAgentSession({ configure: false });
  popup = session.popup;
  relay = await startRelay(new URL(session.pbx.wsUrl));
  await fillSettingsForm(popup, { 'PBX WebSocket URL': relay.url, Extension: AGENT, Password: session.pbx.users[AGENT]! });
  await pollUntil('the popup to say "Registered as 1001"', () => popupStatus(popup), (t) => t === `Registered as ${AGENT}`);
  caller = await startBrowserCaller(session.chromium.browser, session.pbx);
});

afterAll(async () => {
  await network?.detach().catch(() => {});
  await caller?.close();
  await relay?.close();
  await session?.close();
});

it('an answered call survives a cut of the PBX connection: ICE-restart re-INVITE after re-registering, RTP flows again', async () => {
  await caller.call(AGENT, platformaHeaderLines({ 'X-Platforma-Call-Ref': uniqueRef('ICE') }));
  const ringing = await pollUntil('the call to ring', () => readPhoneState(popup), (s) => s?.calls.some((c) => c.state === 'ringing') ?? false);
  const callId = ringing!.calls.find((c) => c.state === 'ringing')!.id;
  await popup.bringToFront();
  await popup.locator('::-p-aria([name="Answer"][role="button"])').click();
  await pollUntil('the caller to hear the agent', () => caller.hearsCallee(), (yes) => yes);
  const invitesBefore = session.pbx.requests('INVITE', AGENT);
  const ufragsBefore = await pollUntil('the caller to know the agent\'s ICE candidates', remoteUfrags, (u) => u.length > 0);

  const cutAt = Date.now();
  await setOffline(true);
  relay.cut();
  await pollUntil('the phone to notice the cut', () => readPhoneState(popup), (s) => s?.registration.state !== 'registered');
  expect((await readPhoneState(popup))?.calls.find((c) => c.id === callId)?.state).toBe('active');
  await new Promise((r) => setTimeout(r, 1_000));
  await setOffline(false);

  const back = await pollUntil(
    'registered again',
    () => readPhoneState(popup),
    (s) => s?.registration.state === 'registered' && s.registration.since > cutAt,
    { timeoutMs: 20_000 },
  );
  expect(back!.calls.find((c) => c.id === callId)?.state).toBe('active');
  await pollUntil('the re-INVITE from the agent', async () => session.pbx.requests('INVITE', AGENT), (n) => n > invitesBefore, { timeoutMs: 15_000 });
  // An ICE restart: the agent's new offer carries new ICE credentials (RFC 8839 section 4.4.1.1.1).
  await pollUntil('the agent\'s new ICE credentials at the caller', remoteUfrags, (u) => u.some((f) => !ufragsBefore.includes(f)));

  const afterReinvite = (await caller.audioPackets()).received;
  const flowing = await pollUntil('RTP to flow again at the caller', () => caller.audioPackets(), (p) => p.received > afterReinvite + 50, { timeoutMs: 15_000 });
  console.info(`cut -> registered again in ${back!.registration.since - cutAt} ms; caller received ${flowing.received - afterReinvite} packets after the re-INVITE`);
  expect(await caller.sessionState()).toBe('Established');
  // Still the same call, still active, and it ends normally.
  const state = await readPhoneState(popup);
  expect(state?.calls.find((c) => c.id === callId)?.state).toBe('active');
  await popup.locator('::-p-aria([name="Hang up"][role="button"])').click();
  await pollUntil('the caller to see the call end', () => caller.sessionState(), (s) => s === 'Terminated');
}, 120_000);
