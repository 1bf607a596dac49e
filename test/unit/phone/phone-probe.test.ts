import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { httpProbe, Phone, type PhoneConfig, type WebSocketConstructor } from '../../../lib/phone';
import { fakeSdhFactory } from '../../pbx/fake-sdh';
import { FakePbx } from './fake-pbx';

const config: PhoneConfig = { wsUrl: 'ws://127.0.0.1:5066/ws', domain: '127.0.0.1', ext: '1001', password: 'pw', displayName: 'A', iceServers: [] };

/**
 * With a probe (the browser's case), reconnect tries between WebSocket attempts are HTTP probes,
 * so the browser's WebSocket throttle sees few failures (lib/phone/http-probe.ts).
 */
describe('Phone reconnects through a probe (fake PBX, fake timers)', () => {
  let pbx: FakePbx;
  let phone: Phone;
  let sockets: number;
  const probes: string[] = [];

  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
    pbx = new FakePbx();
    sockets = 0;
    probes.length = 0;
    const Counted = class extends (pbx.WebSocket as unknown as new (url: string, protocol: string) => object) {
      constructor(url: string, protocol: string) {
        sockets++;
        super(url, protocol);
      }
    } as unknown as WebSocketConstructor;
    phone = new Phone({
      WebSocket: Counted, random: () => 0.5, sessionDescriptionHandlerFactory: fakeSdhFactory,
      keepaliveIntervalMs: 60_000, keepaliveTimeoutMs: 1_000,
      probe: async (url) => {
        probes.push(url);
        return pbx.mode === 'up';
      },
    });
  });
  afterEach(async () => {
    const done = phone.dispose();
    await vi.runAllTimersAsync();
    await done;
    vi.useRealTimers();
  });

  it('while the PBX is down: one probe a second, a WebSocket only every 30 s; once it answers, a WebSocket at once', async () => {
    await phone.configure(config);
    await vi.advanceTimersByTimeAsync(50);
    expect(phone.getStatus().state).toBe('registered');
    const before = sockets;
    pbx.kill();
    await vi.advanceTimersByTimeAsync(60_000);
    // Probes, and a WebSocket only once 30 s went by without one (at ~30 s, and again at ~60 s).
    expect(sockets - before).toBeGreaterThanOrEqual(1);
    expect(sockets - before).toBeLessThanOrEqual(2);
    expect(probes.length).toBeGreaterThanOrEqual(55);
    expect(probes.every((url) => url === config.wsUrl)).toBe(true);
    expect(phone.getStatus().state).toBe('reconnecting');
    pbx.mode = 'up';
    await vi.advanceTimersByTimeAsync(1_600);
    expect(phone.getStatus().state).toBe('registered');
  });

  it('networkOnline() while a probe is pending connects at once, and the probe then changes nothing', async () => {
    await phone.configure(config);
    await vi.advanceTimersByTimeAsync(50);
    pbx.kill();
    await vi.advanceTimersByTimeAsync(5_000);
    pbx.mode = 'up';
    phone.networkOnline();
    await vi.advanceTimersByTimeAsync(20);
    expect(phone.getStatus().state).toBe('registered');
    await vi.advanceTimersByTimeAsync(3_000);
    expect(phone.getStatus().state).toBe('registered');
  });
});

describe('httpProbe', () => {
  it('asks the WebSocket URL over http(s) without credentials, and says whether anything answered', async () => {
    const fetched: [string, RequestInit | undefined][] = [];
    const answering = httpProbe(async (url, init) => {
      fetched.push([String(url), init]);
      return new Response(null, { status: 404 });
    });
    expect(await answering('wss://pbx.example.com:8089/ws', 1_000)).toBe(true);
    expect(await answering('ws://127.0.0.1:5066/ws', 1_000)).toBe(true);
    expect(fetched.map(([url]) => url)).toEqual(['https://pbx.example.com:8089/ws', 'http://127.0.0.1:5066/ws']);
    expect(fetched[0]![1]).toMatchObject({ mode: 'no-cors', credentials: 'omit', cache: 'no-store' });
    const silent = httpProbe(async () => Promise.reject(new TypeError('Failed to fetch')));
    expect(await silent('wss://pbx.example.com/ws', 1_000)).toBe(false);
    expect(await silent('not a url', 1_000)).toBe(false);
  });
});
