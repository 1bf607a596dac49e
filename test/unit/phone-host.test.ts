import { describe, expect, it, vi } from 'vitest';
import type { CallSnapshot, RegistrationStatus } from '@/lib/phone';
import { PhoneHost, type HostedPhone, type PhoneHostDeps } from '@/lib/phone-host/phone-host';
import type { PhoneState } from '@/lib/phone-host/phone-state';
import { makeCall, makeRegistration } from './phone-host-fixtures';

/** A Phone double that lets the test emit registration and call changes. */
function fakePhone() {
  const regListeners = new Set<(s: RegistrationStatus) => void>();
  const callListeners = new Set<(c: CallSnapshot) => void>();
  let status = makeRegistration({ state: 'unconfigured', ext: undefined });
  const calls = new Map<string, CallSnapshot>();
  const stream = { id: 'remote-stream' } as MediaStream;
  const phone = {
    configure: vi.fn(async () => {}),
    onRegistration: vi.fn((cb: (s: RegistrationStatus) => void) => (regListeners.add(cb), () => regListeners.delete(cb))),
    onCall: vi.fn((cb: (c: CallSnapshot) => void) => (callListeners.add(cb), () => callListeners.delete(cb))),
    getStatus: () => status,
    getCalls: () => [...calls.values()],
    accept: vi.fn(async () => {}),
    reject: vi.fn(async () => {}),
    hangup: vi.fn(async () => {}),
    setMuted: vi.fn(),
    hold: vi.fn(async () => {}),
    dtmf: vi.fn(async () => {}),
    remoteMediaStream: vi.fn(() => stream),
    networkOnline: vi.fn(),
    dial: vi.fn(async () => 'out-1'),
    setDoNotDisturb: vi.fn(),
    callStats: vi.fn(async () => undefined),
    dispose: vi.fn(async () => {}),
    transfer: vi.fn(async () => {}),
    consult: vi.fn(async () => ({ consultCallId: 'consult-1' })),
    completeTransfer: vi.fn(async () => {}),
    cancelTransfer: vi.fn(async () => {}),
  } satisfies HostedPhone;
  return {
    phone,
    stream,
    emitRegistration(next: RegistrationStatus) {
      status = next;
      for (const cb of regListeners) cb(next);
    },
    /** `forget`: the phone drops the call from getCalls() before telling (an ended call). */
    emitCall(call: CallSnapshot, { forget = false } = {}) {
      if (forget) calls.delete(call.id);
      else calls.set(call.id, call);
      for (const cb of callListeners) cb(call);
    },
    listenerCount: () => regListeners.size + callListeners.size,
  };
}

function setup(onState?: (s: PhoneState) => void) {
  const fake = fakePhone();
  const events = new EventTarget();
  const states: PhoneState[] = [];
  const deps = {
    phone: fake.phone,
    ringtone: { start: vi.fn(), stop: vi.fn() },
    audio: { attach: vi.fn(), detach: vi.fn(), detachAll: vi.fn() },
    events: events as unknown as PhoneHostDeps['events'],
    setIce: vi.fn(),
    onState: onState ?? ((s: PhoneState) => void states.push(s)),
  } satisfies PhoneHostDeps;
  const host = new PhoneHost(deps);
  const ringing = () => deps.ringtone.start.mock.calls.length > 0 && lastCall(deps.ringtone) === 'start';
  return { fake, events, states, deps, host, ringing };
}

/** Which of start/stop the host called last. */
function lastCall(ringtone: { start: ReturnType<typeof vi.fn>; stop: ReturnType<typeof vi.fn> }): 'start' | 'stop' | undefined {
  const start = Math.max(-1, ...ringtone.start.mock.invocationCallOrder);
  const stop = Math.max(-1, ...ringtone.stop.mock.invocationCallOrder);
  if (start < 0 && stop < 0) return undefined;
  return start > stop ? 'start' : 'stop';
}

describe('PhoneHost', () => {
  it('rings while a call rings and stops the moment it is answered', () => {
    const { fake, deps, ringing } = setup();
    fake.emitCall(makeCall({ state: 'ringing' }));
    expect(ringing()).toBe(true);
    fake.emitCall(makeCall({ state: 'active', answeredAt: 2 }));
    expect(lastCall(deps.ringtone)).toBe('stop');
    expect(deps.audio.attach).toHaveBeenCalledWith('call-1', fake.stream);
  });

  it('stops ringing when the caller hangs up, even if the phone already forgot the call', () => {
    const { fake, deps, states } = setup();
    fake.emitCall(makeCall({ state: 'ringing' }));
    fake.emitCall(makeCall({ state: 'ended', endReason: 'caller-hung-up' }), { forget: true });
    expect(lastCall(deps.ringtone)).toBe('stop');
    expect(deps.audio.detach).toHaveBeenCalledWith('call-1');
    // The end is still reported once, with its reason.
    expect(states.at(-1)?.calls).toEqual([expect.objectContaining({ id: 'call-1', state: 'ended', endReason: 'caller-hung-up' })]);
  });

  it('reports a ringing call before it starts the ringtone (the panel and the pop wait for the report)', () => {
    const order: string[] = [];
    const { fake, deps } = setup((s) => void order.push(`report ${s.calls[0]?.state ?? 'none'}`));
    deps.ringtone.start.mockImplementation(() => void order.push('ringtone'));
    fake.emitCall(makeCall({ state: 'ringing' }));
    expect(order).toEqual(['report ringing', 'ringtone']);
  });

  it('starts the ringtone even if reporting the state throws', () => {
    const { fake, deps } = setup(() => {
      throw new Error('no receiver');
    });
    expect(() => fake.emitCall(makeCall({ state: 'ringing' }))).toThrow('no receiver');
    expect(deps.ringtone.start).toHaveBeenCalled();
  });

  it('keeps ringing while a second call still rings', () => {
    const { fake, deps, ringing } = setup();
    fake.emitCall(makeCall({ id: 'a', state: 'ringing' }));
    fake.emitCall(makeCall({ id: 'b', state: 'ringing' }));
    fake.emitCall(makeCall({ id: 'a', state: 'ended', endReason: 'answered-elsewhere' }), { forget: true });
    expect(ringing()).toBe(true);
    fake.emitCall(makeCall({ id: 'b', state: 'active' }));
    expect(lastCall(deps.ringtone)).toBe('stop');
  });

  it('reports every registration and call change with the full state', () => {
    const { fake, states } = setup();
    fake.emitRegistration(makeRegistration({ state: 'connecting' }));
    fake.emitRegistration(makeRegistration({ state: 'registered' }));
    fake.emitCall(makeCall());
    expect(states.map((s) => [s.registration.state, s.calls.length])).toEqual([
      ['connecting', 0],
      ['registered', 0],
      ['registered', 1],
    ]);
  });

  it("reconnects at once on the window's 'online' event", () => {
    const { fake, events } = setup();
    events.dispatchEvent(new Event('online'));
    expect(fake.phone.networkOnline).toHaveBeenCalledTimes(1);
  });

  it('hands the ICE servers over before the phone restarts with a new config', async () => {
    const { fake, deps, host } = setup();
    const iceServers = [{ urls: 'turn:turn.example.com', username: 'u', credential: 'p' }];
    const config = { wsUrl: 'wss://pbx.example.com/ws', domain: 'pbx.example.com', ext: '1001', password: 's', displayName: 'A', iceServers };
    await host.configure({ phone: config, bridge: null, answerInBrowser: true });
    expect(deps.setIce).toHaveBeenCalledWith({ iceServers, iceTransportPolicy: 'all' });
    expect(deps.setIce.mock.invocationCallOrder[0]).toBeLessThan(fake.phone.configure.mock.invocationCallOrder[0]!);
    await host.configure({ phone: null, bridge: null, answerInBrowser: true });
    expect(fake.phone.configure).toHaveBeenLastCalledWith(null);
  });

  it('passes transfer controls through, and plays the consult call\'s audio only while it is answered', async () => {
    const { fake, host, deps } = setup();
    await host.transfer('call-1', '1002');
    await expect(host.consult('call-1', '1002')).resolves.toEqual({ consultCallId: 'consult-1' });
    await host.completeTransfer('call-1', 'consult-1');
    await host.cancelTransfer('call-1');
    expect(fake.phone.transfer).toHaveBeenCalledWith('call-1', '1002');
    expect(fake.phone.completeTransfer).toHaveBeenCalledWith('call-1', 'consult-1');
    expect(fake.phone.cancelTransfer).toHaveBeenCalledWith('call-1');
    const transfer = { mode: 'attended', target: '1002', status: 'pending', consultCallId: 'consult-1' } as const;
    fake.emitCall(makeCall({ state: 'active', answeredAt: 2, transfer: { ...transfer, phase: 'dialing', consultState: 'calling' } }));
    expect(deps.audio.attach).not.toHaveBeenCalledWith('consult-1', expect.anything());
    fake.emitCall(makeCall({ state: 'active', answeredAt: 2, transfer: { ...transfer, phase: 'consulting', consultState: 'active' } }));
    expect(fake.phone.remoteMediaStream).toHaveBeenCalledWith('consult-1');
    expect(deps.audio.attach).toHaveBeenCalledWith('consult-1', fake.stream);
    expect(deps.audio.detach).not.toHaveBeenCalledWith('consult-1');
    fake.emitCall(makeCall({ state: 'active', answeredAt: 2, transfer: { ...transfer, status: 'failed', phase: 'failed', consultState: 'ended' } }));
    expect(deps.audio.detach).toHaveBeenCalledWith('consult-1');
  });

  it('passes call controls through to the phone', async () => {
    const { fake, host } = setup();
    await host.accept('c1');
    await host.reject('c1', 603);
    await host.hangup('c1');
    host.setMuted('c1', true);
    expect(fake.phone.accept).toHaveBeenCalledWith('c1');
    expect(fake.phone.reject).toHaveBeenCalledWith('c1', 603);
    expect(fake.phone.hangup).toHaveBeenCalledWith('c1');
    expect(fake.phone.setMuted).toHaveBeenCalledWith('c1', true);
  });

  it('dials what the agent asked for as E.164 (default country) or an extension, and refuses the rest', async () => {
    const { fake, host } = setup();
    expect(await host.dial('030 901820', 'DE')).toBe('out-1');
    expect(fake.phone.dial).toHaveBeenLastCalledWith('+4930901820');
    await host.dial('(415) 555-2671');
    expect(fake.phone.dial).toHaveBeenLastCalledWith('+14155552671');
    await host.dial('1002', 'FR');
    expect(fake.phone.dial).toHaveBeenLastCalledWith('1002');
    await expect(host.dial('call me maybe', 'US')).rejects.toThrow(/not a phone number or extension/);
    await expect(host.dial('2001@evil.example')).rejects.toThrow(/not a phone number or extension/);
    expect(fake.phone.dial).toHaveBeenCalledTimes(3);
  });

  it('lets go of everything on dispose', async () => {
    const { fake, events, deps, host } = setup();
    fake.emitCall(makeCall({ state: 'ringing' }));
    await host.dispose();
    expect(fake.listenerCount()).toBe(0);
    expect(lastCall(deps.ringtone)).toBe('stop');
    expect(deps.audio.detachAll).toHaveBeenCalled();
    expect(fake.phone.dispose).toHaveBeenCalled();
    events.dispatchEvent(new Event('online'));
    expect(fake.phone.networkOnline).not.toHaveBeenCalled();
  });
});
