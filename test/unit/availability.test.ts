import { describe, expect, it, vi } from 'vitest';
import type { CallSnapshot, PhoneConfig, RegistrationStatus } from '@/lib/phone';
import { availabilityPlan, nextAvailability, AVAILABILITY_REASON } from '@/lib/phone/availability';
import { PhoneHost, type HostedPhone, type PhoneHostDeps } from '@/lib/phone-host/phone-host';
import { phoneStateSchema, type PhoneHostConfig, type PhoneState } from '@/lib/phone-host/phone-state';
import { protocol } from '@/lib/messages';
import { badgeFor } from '@/lib/status/badge';
import { statusText } from '@/lib/status/status-text';
import { makeCall, makePhoneState, makeRegistration } from './phone-host-fixtures';

const sip: PhoneConfig = { wsUrl: 'wss://pbx.example.com/ws', domain: 'pbx.example.com', ext: '1001', password: 's', displayName: 'A', iceServers: [] };
const config = (over: Partial<PhoneHostConfig> = {}): PhoneHostConfig => ({ phone: sip, bridge: null, answerInBrowser: true, ...over });

/** A Phone double: records configure() and setDoNotDisturb(), lets the test put calls in it. */
function setup() {
  const calls = new Map<string, CallSnapshot>();
  const callListeners = new Set<(c: CallSnapshot) => void>();
  const regListeners = new Set<(s: RegistrationStatus) => void>();
  let status = makeRegistration({ state: 'unconfigured', ext: undefined });
  const phone = {
    configure: vi.fn(async (c: PhoneConfig | null) => {
      status = c ? makeRegistration({ state: 'registered' }) : makeRegistration({ state: 'unconfigured', ext: undefined });
    }),
    onRegistration: (cb: (s: RegistrationStatus) => void) => (regListeners.add(cb), () => regListeners.delete(cb)),
    onCall: (cb: (c: CallSnapshot) => void) => (callListeners.add(cb), () => callListeners.delete(cb)),
    getStatus: () => status,
    getCalls: () => [...calls.values()],
    accept: vi.fn(async () => {}),
    reject: vi.fn(async () => {}),
    hangup: vi.fn(async () => {}),
    setMuted: vi.fn(),
    remoteMediaStream: vi.fn(() => undefined),
    networkOnline: vi.fn(),
    dispose: vi.fn(async () => {}),
    setDoNotDisturb: vi.fn(),
    callStats: vi.fn(async () => undefined),
    dial: vi.fn(async () => 'out-1'),
    hold: vi.fn(async () => {}),
    dtmf: vi.fn(async () => {}),
    transfer: vi.fn(async () => {}),
    consult: vi.fn(async () => ({ consultCallId: 'c-1' })),
    completeTransfer: vi.fn(async () => {}),
    cancelTransfer: vi.fn(async () => {}),
  } satisfies HostedPhone;
  const states: PhoneState[] = [];
  const deps = {
    phone,
    ringtone: { start: vi.fn(), stop: vi.fn() },
    audio: { attach: vi.fn(), detach: vi.fn(), detachAll: vi.fn() },
    events: new EventTarget() as unknown as PhoneHostDeps['events'],
    setIce: vi.fn(),
    onState: (s: PhoneState) => void states.push(s),
  } satisfies PhoneHostDeps;
  const host = new PhoneHost(deps);
  const emitCall = (call: CallSnapshot) => {
    if (call.state === 'ended') calls.delete(call.id);
    else calls.set(call.id, call);
    for (const cb of callListeners) cb(call);
  };
  /** What the phone was last told: its config (null: stopped) and whether it refuses calls. */
  const phoneNow = () => ({ config: phone.configure.mock.calls.at(-1)?.[0], dnd: phone.setDoNotDisturb.mock.calls.at(-1)?.[0] });
  return { phone, host, states, emitCall, phoneNow };
}

describe('availabilityPlan', () => {
  it('available registers and rings; offline neither registers nor refuses', () => {
    expect(availabilityPlan('available', 'reject')).toEqual({ register: true, rejectIncoming: false });
    expect(availabilityPlan('available', 'unregister')).toEqual({ register: true, rejectIncoming: false });
    expect(availabilityPlan('offline', 'reject')).toEqual({ register: false, rejectIncoming: false });
    expect(availabilityPlan('offline', 'unregister')).toEqual({ register: false, rejectIncoming: false });
  });

  it("dnd 'reject' stays registered and refuses; dnd 'unregister' leaves the PBX", () => {
    expect(availabilityPlan('dnd', 'reject')).toEqual({ register: true, rejectIncoming: true });
    expect(availabilityPlan('dnd', 'unregister')).toEqual({ register: false, rejectIncoming: false });
  });

  it('the shortcut toggles available <-> dnd, and brings offline back to available', () => {
    expect(nextAvailability('available')).toBe('dnd');
    expect(nextAvailability('dnd')).toBe('available');
    expect(nextAvailability('offline')).toBe('available');
  });

  it('only the three values cross the message boundary', () => {
    const payload = protocol['status/availability'].payload;
    expect(payload.safeParse({ availability: 'dnd' }).success).toBe(true);
    expect(payload.safeParse({ availability: 'away' }).success).toBe(false);
    expect(payload.safeParse({}).success).toBe(false);
    expect(protocol['phone/availability'].payload.safeParse({ availability: 'busy' }).success).toBe(false);
    // An old state (no availability) is still valid; a strange one is not.
    expect(phoneStateSchema.safeParse(makePhoneState()).success).toBe(true);
    expect(phoneStateSchema.safeParse({ ...makePhoneState(), availability: 'away' }).success).toBe(false);
  });
});

describe('PhoneHost availability', () => {
  it('a config without availability (an older worker) is available', async () => {
    const t = setup();
    await t.host.configure(config());
    expect(t.phoneNow()).toEqual({ config: sip, dnd: false });
    expect(t.host.getState().availability).toBe('available');
  });

  it("dnd 'reject': stays registered, the phone refuses calls; back to available rings again", async () => {
    const t = setup();
    await t.host.configure(config({ dndMode: 'reject' }));
    await t.host.setAvailability('dnd');
    expect(t.phoneNow()).toEqual({ config: sip, dnd: true });
    expect(t.states.at(-1)).toMatchObject({ availability: 'dnd', registration: { state: 'registered' } });
    await t.host.setAvailability('available');
    expect(t.phoneNow()).toEqual({ config: sip, dnd: false });
    expect(t.states.at(-1)?.availability).toBe('available');
  });

  it("dnd 'unregister' and offline stop the phone and say why; available registers again", async () => {
    const t = setup();
    await t.host.configure(config({ dndMode: 'unregister' }));
    await t.host.setAvailability('dnd');
    expect(t.phoneNow()).toEqual({ config: null, dnd: false });
    expect(t.host.getState().registration).toMatchObject({ state: 'unconfigured', reason: AVAILABILITY_REASON.dnd });
    await t.host.setAvailability('offline');
    expect(t.phoneNow()).toEqual({ config: null, dnd: false });
    expect(t.host.getState().registration).toMatchObject({ state: 'unconfigured', reason: AVAILABILITY_REASON.offline });
    await t.host.setAvailability('available');
    expect(t.phoneNow()).toEqual({ config: sip, dnd: false });
    expect(t.host.getState().registration.state).toBe('registered');
  });

  it('a restarted phone page gets the stored availability in its config', async () => {
    const t = setup();
    await t.host.configure(config({ availability: 'offline' }));
    expect(t.phoneNow().config).toBeNull();
    expect(t.host.getState().availability).toBe('offline');
  });

  it('offline during a call waits for the call to end, then unregisters', async () => {
    const t = setup();
    await t.host.configure(config());
    t.emitCall(makeCall({ state: 'active', answeredAt: 2 }));
    const before = t.phone.configure.mock.calls.length;
    await t.host.setAvailability('offline');
    expect(t.phone.configure.mock.calls.length).toBe(before); // the call is not cut
    expect(t.states.at(-1)?.availability).toBe('offline');
    t.emitCall(makeCall({ state: 'ended', endReason: 'caller-hung-up', endedAt: 3 }));
    expect(t.phoneNow().config).toBeNull();
  });

  it('offline then available again during the same call keeps the phone running after it', async () => {
    const t = setup();
    await t.host.configure(config());
    t.emitCall(makeCall({ state: 'active', answeredAt: 2 }));
    await t.host.setAvailability('offline');
    await t.host.setAvailability('available');
    t.emitCall(makeCall({ state: 'ended', endReason: 'caller-hung-up', endedAt: 3 }));
    expect(t.phoneNow().config).toEqual(sip);
  });

  it('registering does not wait for the audio devices (a device list that never answers: seen in Firefox)', async () => {
    const t = setup();
    const hung = new PhoneHost({
      phone: t.phone, ringtone: { start() {}, stop() {} }, audio: { attach() {}, detach() {}, detachAll() {} },
      events: new EventTarget() as unknown as PhoneHostDeps['events'], setIce() {}, onState() {},
      setAudioDevices: () => new Promise<void>(() => {}),
    });
    await hung.configure(config({ audioDevices: { microphoneId: 'm', speakerId: '', ringtoneId: '' } }));
    expect(t.phoneNow().config).toEqual(sip);
  });

  it('answer in the browser off wins over available (no registration, its own reason)', async () => {
    const t = setup();
    await t.host.configure(config({ phone: null, answerInBrowser: false, availability: 'offline' }));
    expect(t.host.getState().registration.reason).toBe('answer-in-browser-off');
  });
});

describe('availability on the badge and in the status line', () => {
  it('dnd and offline show on the badge; a ringing call and a failure still win', () => {
    expect(badgeFor(makePhoneState({ availability: 'dnd' }), 0)).toMatchObject({ text: 'DND' });
    expect(badgeFor(makePhoneState({ availability: 'offline', registration: makeRegistration({ state: 'unconfigured' }) }), 0)).toMatchObject({ text: 'OFF' });
    expect(badgeFor(makePhoneState({ availability: 'available' }), 0)).toMatchObject({ text: '' });
    expect(badgeFor(makePhoneState(), 0)).toMatchObject({ text: '' });
    expect(badgeFor(makePhoneState({ availability: 'dnd', registration: makeRegistration({ state: 'auth-failed' }) }), 0)).toMatchObject({ text: '!' });
    expect(badgeFor(makePhoneState({ availability: 'dnd', calls: [makeCall({ state: 'ringing' })] }), 0)).toMatchObject({ text: 'RING' });
  });

  it('the status line says offline / dnd instead of "Not configured"', () => {
    expect(statusText(makeRegistration({ state: 'unconfigured', reason: AVAILABILITY_REASON.offline }), 0)).toBe('Offline: not registered');
    expect(statusText(makeRegistration({ state: 'unconfigured', reason: AVAILABILITY_REASON.dnd }), 0)).toBe('Do not disturb: not registered');
    expect(statusText(makeRegistration({ state: 'unconfigured' }), 0)).toBe('Not configured');
  });
});

describe('availability in the worker mirror', () => {
  it('the stored copy keeps the availability (the popup and badge read it there)', async () => {
    const { boundedForStorage } = await import('@/lib/status/phone-state-store');
    expect(boundedForStorage(makePhoneState({ availability: 'dnd' })).availability).toBe('dnd');
    expect('availability' in boundedForStorage(makePhoneState())).toBe(false);
  });
});
