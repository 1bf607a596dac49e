import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpProbe, type WebSocketConstructor } from '../../lib/phone';
import { startPbx, type Pbx } from '../pbx/kamailio';
import { makePhone, phoneConfig, sleep, waitFor } from './phone-harness';

/**
 * PBX outages of 2, 10 and 60 s against a real Kamailio: the phone must be registered again
 * within ~1.5 s of the PBX listening again (reconnect-schedule.ts), however long the outage was,
 * while trying about once a second meanwhile. Connection tries are counted where they start:
 * every WebSocket the phone opens.
 */
function countingWebSocket(opened: number[]): WebSocketConstructor {
  class Counted extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      opened.push(Date.now());
      super(url, protocols);
    }
  }
  return Counted as unknown as WebSocketConstructor;
}

describe('Phone through PBX outages', () => {
  let pbx: Pbx;
  beforeAll(async () => {
    pbx = await startPbx();
  });
  afterAll(async () => {
    await pbx?.stop();
  });

  it.each([2, 10, 60])(
    'a %i s outage: registered again within 3 s of the PBX being back, about one try a second meanwhile',
    async (outageSec) => {
      const opened: number[] = [];
      const t = makePhone({ WebSocket: countingWebSocket(opened) });
      try {
        await t.phone.configure(phoneConfig(pbx));
        await waitFor(() => t.phone.getStatus().state === 'registered', 5_000, 'registered');
        await pbx.stop();
        const downAt = Date.now();
        await waitFor(() => t.phone.getStatus().state === 'reconnecting', 5_000, 'reconnecting');
        await sleep(outageSec * 1_000 - (Date.now() - downAt));
        const triesWhileDown = opened.filter((at) => at >= downAt).length;
        await pbx.restart();
        const upAt = Date.now();
        await waitFor(() => t.phone.getStatus().state === 'registered', 10_000, 'registered again');
        const backMs = Date.now() - upAt;
        const perSecond = triesWhileDown / ((upAt - downAt) / 1_000);
        // The busiest second of the outage, to catch bursts an average would hide.
        const busiest = Math.max(...opened.filter((at) => at >= downAt && at < upAt).map((at) => opened.filter((o) => o >= at && o < at + 1_000).length));
        console.info(
          `${outageSec} s outage: registered ${backMs} ms after the PBX was back; ${triesWhileDown} tries while down ` +
            `(${perSecond.toFixed(2)}/s, busiest second ${busiest})`,
        );
        expect(backMs).toBeLessThan(3_000);
        // About one a second: the first quick retry plus one per second, with jitter.
        expect(perSecond).toBeLessThanOrEqual(1.6);
        expect(busiest).toBeLessThanOrEqual(3);
        expect(triesWhileDown).toBeGreaterThanOrEqual(Math.floor(outageSec / 2));
      } finally {
        await t.phone.dispose();
      }
    },
    120_000,
  );

  it('a half-open PBX (frozen: TCP accepted, no upgrade) costs one connection timeout per try, then the schedule goes on', async () => {
    const opened: number[] = [];
    const t = makePhone({ WebSocket: countingWebSocket(opened), keepaliveIntervalMs: 1_000, keepaliveTimeoutMs: 1_000 });
    try {
      // The Connection timeout setting arrives in the config (settings: 1 s).
      await t.phone.configure({ ...phoneConfig(pbx), connectTimeoutMs: 1_000 });
      await waitFor(() => t.phone.getStatus().state === 'registered', 5_000, 'registered');
      pbx.pause();
      await waitFor(() => /did not open within 1000 ms/.test(t.phone.getStatus().reason ?? ''), 10_000, 'a try cut by the 1 s timeout');
      const from = Date.now();
      const before = opened.length;
      await sleep(6_000);
      const tries = opened.length - before;
      // Each cycle is the 1 s timeout plus a ~1 s wait: about 3 in 6 s, never a try a second.
      expect(tries).toBeGreaterThanOrEqual(2);
      expect(tries).toBeLessThanOrEqual(4);
      console.info(`frozen PBX: ${tries} tries in ${Date.now() - from} ms with a 1 s connection timeout`);
      pbx.resume();
      await waitFor(() => t.phone.getStatus().state === 'registered', 10_000, 'registered after SIGCONT');
    } finally {
      pbx.resume();
      await t.phone.dispose();
    }
  });

  it('with the browser\'s HTTP probe: a 10 s outage costs at most one WebSocket, and Kamailio\'s plain-HTTP answer brings the phone back within 3 s', async () => {
    const opened: number[] = [];
    const probes: boolean[] = [];
    const probe = httpProbe();
    const t = makePhone({
      WebSocket: countingWebSocket(opened),
      probe: async (url, timeoutMs) => {
        const answered = await probe(url, timeoutMs);
        probes.push(answered);
        return answered;
      },
    });
    try {
      await t.phone.configure(phoneConfig(pbx));
      await waitFor(() => t.phone.getStatus().state === 'registered', 5_000, 'registered');
      // The probe sees the running PBX answer (Kamailio's WebSocket listener: 404 to a plain GET).
      expect(await probe(pbx.wsUrl, 2_000)).toBe(true);
      await pbx.stop();
      const downAt = Date.now();
      await sleep(10_000);
      const socketsWhileDown = opened.filter((at) => at >= downAt).length;
      await pbx.restart();
      const upAt = Date.now();
      await waitFor(() => t.phone.getStatus().state === 'registered', 10_000, 'registered again');
      const backMs = Date.now() - upAt;
      console.info(`probe, 10 s outage: registered ${backMs} ms after the PBX was back; ${socketsWhileDown} WebSockets and ${probes.length} probes while down`);
      expect(backMs).toBeLessThan(3_000);
      expect(socketsWhileDown).toBeLessThanOrEqual(1);
      expect(probes.filter((p) => !p).length).toBeGreaterThanOrEqual(5);
      expect(probes.at(-1)).toBe(true);
    } finally {
      await t.phone.dispose();
    }
  });
});
