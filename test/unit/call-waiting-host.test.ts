/** Call waiting in the phone's page: the soft tone for a call ringing beside an answered one. */
import { describe, expect, it, vi } from 'vitest';
import type { CallSnapshot } from '@/lib/phone';
import { PhoneHost, type HostedPhone, type PhoneHostDeps } from '@/lib/phone-host/phone-host';
import { Ringtone, type ToneContext } from '@/lib/phone-host/ringtone';
import { makeCall, makeRegistration } from './phone-host-fixtures';

function setup() {
  const listeners = new Set<(c: CallSnapshot) => void>();
  const calls = new Map<string, CallSnapshot>();
  const phone = {
    configure: vi.fn(async () => {}),
    onRegistration: vi.fn(() => () => {}),
    onCall: vi.fn((cb: (c: CallSnapshot) => void) => (listeners.add(cb), () => listeners.delete(cb))),
    getStatus: () => makeRegistration(),
    getCalls: () => [...calls.values()],
    accept: vi.fn(async () => {}),
    reject: vi.fn(async () => {}),
    hangup: vi.fn(async () => {}),
    setMuted: vi.fn(),
    hold: vi.fn(async () => {}),
    dtmf: vi.fn(async () => {}),
    dial: vi.fn(async () => 'out-1'),
    transfer: vi.fn(async () => {}),
    consult: vi.fn(async () => ({ consultCallId: 'c-1' })),
    completeTransfer: vi.fn(async () => {}),
    cancelTransfer: vi.fn(async () => {}),
    setDoNotDisturb: vi.fn(),
    callStats: vi.fn(async () => undefined),
    remoteMediaStream: vi.fn(() => undefined),
    networkOnline: vi.fn(),
    dispose: vi.fn(async () => {}),
  } satisfies HostedPhone;
  const ringtone = { start: vi.fn(), stop: vi.fn() };
  new PhoneHost({
    phone,
    ringtone,
    audio: { attach: vi.fn(), detach: vi.fn(), detachAll: vi.fn() },
    events: new EventTarget() as unknown as PhoneHostDeps['events'],
    setIce: vi.fn(),
    onState: () => {},
  });
  const emit = (call: CallSnapshot) => {
    if (call.state === 'ended') calls.delete(call.id);
    else calls.set(call.id, call);
    for (const cb of listeners) cb(call);
  };
  return { emit, ringtone, phone };
}

describe('call waiting tone (PhoneHost)', () => {
  it('a call ringing alone rings fully; beside an answered call softly; the full ring again once the other ends', () => {
    const { emit, ringtone } = setup();
    emit(makeCall({ id: 'a', state: 'ringing' }));
    expect(ringtone.start).toHaveBeenLastCalledWith('ring');
    emit(makeCall({ id: 'a', state: 'active', answeredAt: 2 }));
    expect(ringtone.stop).toHaveBeenCalled();
    emit(makeCall({ id: 'b', state: 'ringing' }));
    expect(ringtone.start).toHaveBeenLastCalledWith('waiting');
    emit(makeCall({ id: 'a', state: 'ended', endReason: 'caller-hung-up' }));
    expect(ringtone.start).toHaveBeenLastCalledWith('ring');
  });

  it('forwards hold and DTMF to the phone', async () => {
    const { phone } = setup();
    const host = new PhoneHost({
      phone, ringtone: { start: vi.fn(), stop: vi.fn() }, audio: { attach: vi.fn(), detach: vi.fn(), detachAll: vi.fn() },
      events: new EventTarget() as unknown as PhoneHostDeps['events'], setIce: vi.fn(), onState: () => {},
    });
    await host.hold('a', true);
    await host.dtmf('a', '12#');
    expect(phone.hold).toHaveBeenCalledWith('a', true);
    expect(phone.dtmf).toHaveBeenCalledWith('a', '12#');
  });
});

describe('Ringtone kinds', () => {
  function tone() {
    const freqs: number[] = [];
    const levels: number[] = [];
    const gain = { gain: { value: 0, setValueAtTime: (v: number) => void levels.push(v), cancelScheduledValues: vi.fn() }, connect: vi.fn(), disconnect: vi.fn() };
    const ctx = {
      currentTime: 0, destination: {} as AudioDestinationNode, state: 'running' as AudioContextState,
      resume: vi.fn(async () => {}), suspend: vi.fn(async () => {}),
      createGain: () => gain as unknown as GainNode,
      createOscillator: () => ({
        frequency: { set value(hz: number) { freqs.push(hz); } }, connect() {}, disconnect() {}, start() {}, stop() {},
      }) as unknown as OscillatorNode,
    } satisfies ToneContext;
    const ringtone = new Ringtone({ createContext: () => ctx, setInterval: vi.fn(() => 't'), clearInterval: vi.fn() });
    return { ringtone, freqs, levels };
  }

  it('waiting is one quieter 440 Hz tone; switching kind restarts the tone, the same kind again does nothing', () => {
    const { ringtone, freqs, levels } = tone();
    ringtone.start('waiting');
    expect(ringtone.kind).toBe('waiting');
    expect(freqs).toEqual([440]);
    expect(Math.max(...levels)).toBeLessThan(0.15);
    ringtone.start('waiting');
    expect(freqs).toEqual([440]);
    ringtone.start('ring');
    expect(ringtone.kind).toBe('ring');
    expect(freqs).toEqual([440, 400, 450]);
  });
});
