import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Phone, type CallSnapshot, type PhoneConfig, type RegistrationStatus } from '../../../lib/phone';
import { fakeSdhFactory } from '../../pbx/fake-sdh';
import { FakePbx } from './fake-pbx';

const config: PhoneConfig = { wsUrl: 'ws://127.0.0.1:5066/ws', domain: '127.0.0.1', ext: '1001', password: 'pw', displayName: 'A', iceServers: [] };

describe('Phone registration logic (fake PBX, fake timers)', () => {
  let pbx: FakePbx;
  let phone: Phone;
  let statuses: RegistrationStatus[];
  const states = () => statuses.map((s) => s.state);
  const state = () => phone.getStatus().state;

  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
    pbx = new FakePbx();
    // random() = 0.5: the reconnect schedule's waits sit at their nominal values (jitter is ±)
    phone = new Phone({
      logger: process.env.PHONE_DEBUG ? console : undefined, WebSocket: pbx.WebSocket, random: () => 0.5,
      keepaliveIntervalMs: 2_000, keepaliveTimeoutMs: 1_000, sessionDescriptionHandlerFactory: fakeSdhFactory,
    });
    statuses = [];
    phone.onRegistration((s) => statuses.push(s));
  });
  afterEach(async () => {
    const done = phone.dispose();
    await vi.runAllTimersAsync();
    await done;
    vi.useRealTimers();
  });

  async function registered() {
    await phone.configure(config);
    await vi.advanceTimersByTimeAsync(50);
    expect(state()).toBe('registered');
  }

  it('registers: connecting -> registering -> registered', async () => {
    await registered();
    expect(states()).toEqual(['connecting', 'registering', 'registered']);
    expect(pbx.count('REGISTER')).toBe(1);
  });

  it('leaves registered the moment the connection closes, and tries again after ~250 ms, then every second', async () => {
    await registered();
    const before = statuses.length;
    pbx.kill();
    await vi.advanceTimersByTimeAsync(2);
    expect(phone.getStatus()).toMatchObject({ state: 'reconnecting', retryAt: Date.now() - 1 + 313 });
    const retries: number[] = [];
    phone.onRegistration((s) => { if (s.state === 'reconnecting') retries.push(s.retryAt! - s.since); });
    await vi.advanceTimersByTimeAsync(8_000);
    // Not a growing backoff: the wait after the PBX is back must not grow with the outage.
    expect(retries.slice(0, 7)).toEqual([1_000, 1_000, 1_000, 1_000, 1_000, 1_000, 1_000]);
    expect(states().slice(before)).not.toContain('registered');
    pbx.mode = 'up';
    await vi.advanceTimersByTimeAsync(1_100);
    expect(state()).toBe('registered');
    expect(states().filter((s) => s === 'registered')).toHaveLength(2);
  });

  it('networkOnline() cancels the pending retry and connects at once', async () => {
    await registered();
    pbx.kill();
    await vi.advanceTimersByTimeAsync(4_000);
    const { retryAt } = phone.getStatus();
    expect(retryAt! - Date.now()).toBeGreaterThan(100);
    pbx.mode = 'up';
    phone.networkOnline();
    await vi.advanceTimersByTimeAsync(20);
    expect(state()).toBe('registered');
    expect(Date.now()).toBeLessThan(retryAt!);
  });

  it('a server that freezes before answering the REGISTER is noticed by the keepalive; it registers once the server is back', async () => {
    await phone.configure(config);
    await vi.advanceTimersByTimeAsync(1); // WebSocket open, REGISTER sent
    pbx.mode = 'frozen';
    await vi.advanceTimersByTimeAsync(3_100); // interval 2 s + timeout 1 s
    expect(phone.getStatus()).toMatchObject({ state: 'reconnecting', reason: expect.stringContaining('no answer from the PBX') });
    pbx.mode = 'up';
    // the lost REGISTER still waits for its answer inside SIP.js: a fresh Registerer is used
    await vi.advanceTimersByTimeAsync(6_000);
    expect(state()).toBe('registered');
  });

  it('401: auth-failed with the reason, retried after 60 s, then at once on a new config', async () => {
    pbx.registerStatus = 401;
    await phone.configure(config);
    await vi.advanceTimersByTimeAsync(50);
    expect(phone.getStatus()).toMatchObject({ state: 'auth-failed', reason: '401 Unauthorized', retryAt: expect.any(Number) });
    // 60 s plus the auth schedule's jitter (10 % x random 0.5)
    expect(phone.getStatus().retryAt! - phone.getStatus().since).toBe(63_000);
    const sent = pbx.count('REGISTER');
    await vi.advanceTimersByTimeAsync(62_000);
    expect(pbx.count('REGISTER')).toBe(sent);
    await vi.advanceTimersByTimeAsync(1_100);
    expect(pbx.count('REGISTER')).toBeGreaterThan(sent);
    expect(phone.getStatus()).toMatchObject({ state: 'auth-failed' });
    expect(phone.getStatus().retryAt! - phone.getStatus().since).toBe(126_000);
    pbx.registerStatus = 200;
    await phone.configure({ ...config, password: 'right' });
    await vi.advanceTimersByTimeAsync(50);
    expect(state()).toBe('registered');
  });

  it.each([
    [403, 'auth-failed', '403 Forbidden'],
    [500, 'error', '500 Server Internal Error'],
  ] as const)('a %i to REGISTER is %s, retried on the slow schedule', async (code, expected, reason) => {
    pbx.registerStatus = code;
    await phone.configure(config);
    await vi.advanceTimersByTimeAsync(50);
    expect(phone.getStatus()).toMatchObject({ state: expected, reason });
    expect(phone.getStatus().retryAt! - phone.getStatus().since).toBe(63_000);
    pbx.registerStatus = 200;
    await vi.advanceTimersByTimeAsync(63_000);
    expect(state()).toBe('registered');
  });

  it('configure(null) unregisters and reports unconfigured; the same config twice is a no-op', async () => {
    await registered();
    await phone.configure({ ...config });
    expect(states()).toHaveLength(3);
    const done = phone.configure(null);
    await vi.advanceTimersByTimeAsync(50);
    await done;
    expect(state()).toBe('unconfigured');
    expect(pbx.count('REGISTER')).toBe(2); // the un-REGISTER
    expect(pbx.connected()).toBe(0);
  });

  it('a lost connection ends a ringing call as missed at once, an active one as failed once the grace is over (none stays active)', async () => {
    await registered();
    const calls: CallSnapshot[] = [];
    phone.onCall((c) => calls.push(c));

    pbx.invite('ring-1');
    await vi.advanceTimersByTimeAsync(5);
    expect(phone.getCalls()).toMatchObject([{ state: 'ringing' }]);
    pbx.kill();
    await vi.advanceTimersByTimeAsync(5);
    expect(calls.at(-1)).toMatchObject({ state: 'ended', endReason: 'missed', endDetail: expect.stringContaining('connection to the PBX lost') });

    pbx.mode = 'up';
    await vi.advanceTimersByTimeAsync(1_000);
    expect(state()).toBe('registered');
    pbx.invite('talk-1');
    await vi.advanceTimersByTimeAsync(5);
    const ringing = phone.getCalls().find((c) => c.state === 'ringing')!;
    await phone.accept(ringing.id);
    await vi.advanceTimersByTimeAsync(5);
    expect(pbx.responses).toContain('SIP/2.0 200 OK');
    expect(phone.getCalls().find((c) => c.id === ringing.id)).toMatchObject({ state: 'active' });

    // The PBX gone for good: the active call is kept for the reconnect grace (10 s), then it ends,
    // since the caller's BYE can never reach this connection again.
    pbx.kill();
    await vi.advanceTimersByTimeAsync(5);
    expect(phone.getCalls().find((c) => c.id === ringing.id)).toMatchObject({ state: 'active' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(phone.getCalls().find((c) => c.id === ringing.id)).toMatchObject({
      state: 'ended', endReason: 'failed', endDetail: expect.stringMatching(/connection to the PBX lost.*not back within 10 s/),
    });
    expect(phone.getCalls().some((c) => c.state !== 'ended')).toBe(false);
  });

  it('reconnectGraceMs 0: an active call ends the moment the connection is lost (the old behaviour)', async () => {
    const done = phone.dispose();
    await vi.runAllTimersAsync();
    await done;
    phone = new Phone({ WebSocket: pbx.WebSocket, random: () => 0.5, sessionDescriptionHandlerFactory: fakeSdhFactory, reconnectGraceMs: 0 });
    statuses = [];
    phone.onRegistration((s) => statuses.push(s));
    await registered();
    pbx.invite('talk-0');
    await vi.advanceTimersByTimeAsync(5);
    const ringing = phone.getCalls().find((c) => c.state === 'ringing')!;
    await phone.accept(ringing.id);
    await vi.advanceTimersByTimeAsync(5);
    pbx.kill();
    await vi.advanceTimersByTimeAsync(5);
    expect(phone.getCalls().find((c) => c.id === ringing.id)).toMatchObject({ state: 'ended', endReason: 'failed' });
  });
});
