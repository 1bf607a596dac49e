/**
 * A caller with real WebRTC: SIP.js in an ordinary web page of the test browser (user 2001).
 * The Node caller (test/pbx/sip-caller.ts) offers a dummy RTP/AVP SDP, which Chromium refuses
 * to answer; this one offers what a browser softphone at the PBX would, so an answered call
 * sets up audio end to end. SIP.js is served as plain ES modules from node_modules.
 */
import { createReadStream, existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { ROOT } from './launch-browser';

const SIP_LIB = path.join(ROOT, 'node_modules/sip.js/lib');
// The import runs in the page: an import() inside page.evaluate would be rewritten by Vite.
// The classic script runs before the module: it notes when each INVITE frame leaves (epoch ms, and a
// performance mark), so timings start at the INVITE and not before the caller's own offer and ICE gathering.
const PAGE = `<!doctype html><meta charset="utf-8"><title>caller</title>
<script>
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    if (typeof data === 'string' && data.startsWith('INVITE ')) {
      window.inviteSentAt = performance.timeOrigin + performance.now();
      performance.mark('caller: INVITE sent'); // for the benchmark's CDP trace (bench/trace-hops.ts)
    }
    return send.call(this, data);
  };
</script>
<script type="module">import * as SIP from '/sip/index.js'; window.SIP = SIP;</script>`;

export interface BrowserCaller {
  page: Page;
  /** Sends an INVITE to `ext` with extra headers; resolves once it is sent. */
  call(ext: string, extraHeaders: string[]): Promise<void>;
  /** SIP.js SessionState of the current call ('Establishing', 'Established', 'Terminated'). */
  sessionState(): Promise<string>;
  /** Whether audio from the callee reaches this page (a live remote audio track). */
  hearsCallee(): Promise<boolean>;
  hangup(): Promise<void>;
  /** Connects and registers again (after the PBX restarted: this page does not reconnect by itself). */
  reconnect(): Promise<void>;
  /** CANCELs the current call while it rings (the caller gives up). */
  cancel(): Promise<void>;
  /**
   * When the last INVITE frame left this page (epoch ms, sub-ms precision; a 407-challenged INVITE
   * is sent twice, the second is the one the PBX forwards), or null before any.
   */
  inviteSentAt(): Promise<number | null>;
  /** The final response to the current INVITE (200, 486, 487, 603…), or null while none came. */
  finalStatus(): Promise<number | null>;
  /** RTP audio packets of the current call as the caller's RTCPeerConnection counts them. */
  audioPackets(): Promise<AudioPackets>;
  /**
   * The call the agent placed to this UA (an outbound call from the extension): the user part of
   * its To URI and its SIP.js state, or null while none came.
   */
  incoming(): Promise<{ dialled: string; state: string; byeReceived: boolean } | null>;
  /** Answers that call with audio. */
  answerIncoming(): Promise<void>;
  /** The audio transceiver's negotiated direction as this caller sees it (null before an answer). */
  audioDirection(): Promise<string | null>;
  /**
   * Listens to the callee's audio for DTMF tones (libwebrtc plays received RFC 4733 events out as
   * tones): a Goertzel-like check of the eight DTMF frequencies on the decoded audio, every 10 ms.
   */
  startToneDetector(): Promise<void>;
  /** The DTMF keys heard since startToneDetector(), each once per tone. */
  tonesHeard(): Promise<string>;
  /** Makes this caller refuse the next offer it receives (SIP.js then answers the re-INVITE 488). */
  refuseNextOffer(): Promise<void>;
  close(): Promise<void>;
}

export interface AudioPackets {
  sent: number;
  received: number;
}

/** Serves `page` at / and SIP.js's ES modules under /sip/ (also the benchmark's bare baseline page). */
export function serveSipPage(page: string): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
      return;
    }
    const file = path.join(SIP_LIB, path.normalize(url.pathname.replace(/^\/sip\//, '')));
    if (!url.pathname.startsWith('/sip/') || !file.startsWith(SIP_LIB) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/javascript' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** `extraHtml` is appended to the caller page (the demo adds a form to place more calls). */
export async function startBrowserCaller(
  browser: Browser,
  pbx: { wsUrl: string; domain: string },
  user = '2001',
  extraHtml = '',
): Promise<BrowserCaller> {
  const server = await serveSipPage(PAGE + extraHtml);
  const { port } = server.address() as AddressInfo;
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForFunction(() => 'SIP' in window);
  await page.evaluate(
    async (wsUrl, domain, user) => {
      const SIP = (window as unknown as { SIP: any }).SIP; // untyped: see W below
      const ua = new SIP.UserAgent({
        uri: SIP.UserAgent.makeURI(`sip:${user}@${domain}`),
        authorizationUsername: user,
        authorizationPassword: `secret${user}`,
        transportOptions: { server: wsUrl },
        sessionDescriptionHandlerFactoryOptions: { iceGatheringTimeout: 500, peerConnectionConfiguration: { iceServers: [] } },
        logLevel: 'error',
      });
      await ua.start();
      await new Promise<void>((resolve, reject) => {
        void new SIP.Registerer(ua).register({
          requestDelegate: { onAccept: () => resolve(), onReject: () => reject(new Error('caller REGISTER rejected')) },
        });
      });
      // Calls the agent places to this UA: kept for incoming()/answerIncoming().
      ua.delegate = {
        onInvite: (invitation: any) => {
          const w = window as any;
          w.incoming = invitation;
          w.incomingBye = false;
          invitation.delegate = { onBye: (bye: any) => { w.incomingBye = true; void bye.accept(); } };
        },
      };
      Object.assign(window, { ua, domain });
    },
    pbx.wsUrl,
    pbx.domain,
    user,
  );
  // SIP.js lives in the page, loaded from a URL: its types cannot follow it there.
  type W = { SIP: any; ua: any; domain: string; session?: any; finalStatus?: number | null };
  return {
    page,
    call: (ext, extraHeaders) =>
      page.evaluate(
        async (ext, extraHeaders) => {
          const w = window as unknown as W;
          const session = new w.SIP.Inviter(w.ua, w.SIP.UserAgent.makeURI(`sip:${ext}@${w.domain}`), {
            extraHeaders,
            sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } },
          });
          w.session = session;
          w.finalStatus = null;
          await session.invite({
            requestDelegate: {
              onAccept: (r: any) => void (w.finalStatus = r.message.statusCode),
              onReject: (r: any) => void (w.finalStatus = r.message.statusCode),
            },
          });
        },
        ext,
        extraHeaders,
      ),
    sessionState: () => page.evaluate(() => String((window as unknown as W).session?.state ?? 'none')),
    hearsCallee: () =>
      page.evaluate(() => {
        const pc: RTCPeerConnection | undefined = (window as unknown as W).session?.sessionDescriptionHandler?.peerConnection;
        return pc?.getReceivers().some((r) => r.track.kind === 'audio' && r.track.readyState === 'live') ?? false;
      }),
    hangup: () => page.evaluate(async () => void (await (window as unknown as W).session?.bye())),
    reconnect: () =>
      page.evaluate(async () => {
        const w = window as unknown as W;
        await w.ua.reconnect();
        await new Promise<void>((resolve, reject) => {
          void new w.SIP.Registerer(w.ua).register({
            requestDelegate: { onAccept: () => resolve(), onReject: () => reject(new Error('caller REGISTER rejected')) },
          });
        });
      }),
    cancel: () => page.evaluate(async () => void (await (window as unknown as W).session?.cancel())),
    incoming: () =>
      page.evaluate(() => {
        const w = window as unknown as { incoming?: any; incomingBye?: boolean };
        if (!w.incoming) return null;
        return { dialled: String(w.incoming.request.to.uri.user), state: String(w.incoming.state), byeReceived: w.incomingBye === true };
      }),
    answerIncoming: () =>
      page.evaluate(async () => {
        const w = window as unknown as { incoming?: any };
        await w.incoming.accept({ sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } });
      }),
    finalStatus: () => page.evaluate(() => (window as unknown as W).finalStatus ?? null),
    inviteSentAt: () => page.evaluate(() => (window as unknown as { inviteSentAt?: number }).inviteSentAt ?? null),
    audioPackets: () =>
      page.evaluate(async () => {
        const pc: RTCPeerConnection | undefined = (window as unknown as W).session?.sessionDescriptionHandler?.peerConnection;
        const totals = { sent: 0, received: 0 };
        if (!pc) return totals;
        (await pc.getStats()).forEach((s: { type: string; kind?: string; packetsSent?: number; packetsReceived?: number }) => {
          if (s.kind !== 'audio') return;
          if (s.type === 'outbound-rtp') totals.sent += s.packetsSent ?? 0;
          if (s.type === 'inbound-rtp') totals.received += s.packetsReceived ?? 0;
        });
        return totals;
      }),
    audioDirection: () =>
      page.evaluate(() => {
        const pc: RTCPeerConnection | undefined = (window as unknown as W).session?.sessionDescriptionHandler?.peerConnection;
        return pc?.getTransceivers().find((t) => t.receiver.track.kind === 'audio')?.currentDirection ?? null;
      }),
    startToneDetector: () =>
      page.evaluate(() => {
        const w = window as unknown as W & { tones?: string };
        const pc: RTCPeerConnection = w.session.sessionDescriptionHandler.peerConnection;
        const track = pc.getReceivers().find((r) => r.track.kind === 'audio')!.track;
        const stream = new MediaStream([track]);
        // Chromium pulls a remote track's audio only while some sink plays it: a muted element.
        const sink = new Audio();
        sink.muted = true;
        sink.srcObject = stream;
        void sink.play().catch(() => undefined);
        const ctx = new AudioContext();
        const analyser = ctx.createAnalyser();
        analyser.fftSize = 2048; // ~43 ms at 48 kHz, bins ~23 Hz apart: the DTMF tones are >= 70 Hz apart
        analyser.smoothingTimeConstant = 0;
        ctx.createMediaStreamSource(stream).connect(analyser);
        const bins = new Float32Array(analyser.frequencyBinCount);
        const LOW = [697, 770, 852, 941];
        const HIGH = [1209, 1336, 1477, 1633];
        const KEYS = ['123A', '456B', '789C', '*0#D'];
        const level = (hz: number) => {
          const i = Math.round(hz / (ctx.sampleRate / analyser.fftSize));
          return Math.max(bins[i - 1]!, bins[i]!, bins[i + 1]!);
        };
        // The strongest of a group, if it stands 12 dB over the rest of its group and above the floor.
        const strongest = (group: number[]) => {
          const levels = group.map(level);
          const top = levels.indexOf(Math.max(...levels));
          return levels[top]! > -70 && levels.every((v, j) => j === top || levels[top]! - v > 12) ? top : -1;
        };
        w.tones = '';
        // Debounced: a key counts once it is seen in 3 reads in a row, and again only after 3
        // reads of no key (or another key): a read or two lost inside a tone is not a new press.
        let stable: string | null = null;
        let seen: string | null = null;
        let runs = 0;
        setInterval(() => {
          analyser.getFloatFrequencyData(bins);
          const low = strongest(LOW);
          const high = strongest(HIGH);
          const key = low >= 0 && high >= 0 ? KEYS[low]![high]! : null;
          runs = key === seen ? runs + 1 : 1;
          seen = key;
          if (runs === 3 && key !== stable) {
            if (key !== null) w.tones += key;
            stable = key;
          }
        }, 10);
      }),
    refuseNextOffer: () =>
      page.evaluate(() => {
        const sdh = (window as unknown as W).session.sessionDescriptionHandler;
        const setDescription = sdh.setDescription.bind(sdh);
        sdh.setDescription = () => {
          sdh.setDescription = setDescription;
          return Promise.reject(new Error('test: offer refused'));
        };
      }),
    tonesHeard: () => page.evaluate(() => (window as unknown as { tones?: string }).tones ?? ''),
    async close() {
      await page.evaluate(async () => void (await (window as unknown as W).ua?.stop())).catch(() => {});
      await page.close().catch(() => {});
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
