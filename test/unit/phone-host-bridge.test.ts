import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBridgeClient } from '@/lib/bridge-client';
import type { CallSnapshot } from '@/lib/phone';
import { PhoneHost, type HostedPhone, type PhoneHostDeps } from '@/lib/phone-host/phone-host';
import { ANSWER_IN_BROWSER_OFF, type PhoneState } from '@/lib/phone-host/phone-state';
import { bridgeStatusText, statusText } from '@/lib/status/status-text';
import { FakeBridgeSocket } from './bridge-client/fake-bridge-socket';
import { makeCall, makeRegistration } from './phone-host-fixtures';

const BRIDGE = { url: 'ws://127.0.0.1:8787/agent', token: 'a.b.c' };
const item = (callRef: string, number = '07700900123') =>
  JSON.stringify({ type: 'call', payload: { number, dial_number: '0207', hold_time: 3, call_ref: callRef, contact_ref: 'ACC-9', call_dir: 'inbound', ref: '1001' } });

function setup() {
  const sipCalls: CallSnapshot[] = [];
  const phone = {
    configure: vi.fn(async () => {}),
    onRegistration: vi.fn(() => () => {}),
    onCall: vi.fn(() => () => {}),
    getStatus: () => makeRegistration({ state: 'unconfigured', ext: undefined, since: 1 }),
    getCalls: () => sipCalls,
    accept: vi.fn(async () => {}),
    reject: vi.fn(async () => {}),
    hangup: vi.fn(async () => {}),
    setMuted: vi.fn(),
    hold: vi.fn(async () => {}),
    dtmf: vi.fn(async () => {}),
    remoteMediaStream: vi.fn(() => undefined),
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
  const states: PhoneState[] = [];
  let deliver: () => Promise<void> = async () => {};
  const deps = {
    phone,
    ringtone: { start: vi.fn(), stop: vi.fn() },
    audio: { attach: vi.fn(), detach: vi.fn(), detachAll: vi.fn() },
    events: new EventTarget() as unknown as PhoneHostDeps['events'],
    setIce: vi.fn(),
    onState: (s: PhoneState) => {
      states.push(s);
      return deliver();
    },
    createBridge: (handlers) => createBridgeClient({ WebSocket: FakeBridgeSocket, fetch: async () => ({ status: 204 }), random: () => 0, ...handlers }),
  } satisfies PhoneHostDeps;
  const host = new PhoneHost(deps);
  return { host, deps, states, sipCalls, setDeliver: (fn: () => Promise<void>) => { deliver = fn; } };
}

async function connected(host: PhoneHost, answerInBrowser = true) {
  await host.configure({ phone: null, bridge: BRIDGE, answerInBrowser });
  FakeBridgeSocket.last().open();
  return FakeBridgeSocket.last();
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_764_629_000_000 });
  FakeBridgeSocket.made = [];
});
afterEach(() => vi.useRealTimers());

describe('PhoneHost with the bridge', () => {
  it('a notification becomes a connected bridge call with its own id, acked once the state was delivered', async () => {
    const t = setup();
    let delivered: () => void = () => {};
    const ws = await connected(t.host);
    t.setDeliver(() => new Promise((resolve) => { delivered = resolve; }));
    ws.frame({ type: 'call', id: '1764629000000-0', item: item('R-1'), takenAt: Date.now() - 3_000 });
    const call = t.states.at(-1)?.calls[0];
    expect(call).toMatchObject({ source: 'bridge', state: 'connected', answeredAt: Date.now() - 3_000, notification: { callRef: 'R-1', format: 'redis-v3' } });
    expect(call?.id).toMatch(/^bridge-/);
    expect(call?.id).not.toContain('1764629000000-0');
    expect(t.deps.ringtone.start).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(0);
    expect(ws.sentFrames()).toEqual([]);
    delivered();
    await vi.advanceTimersByTimeAsync(0);
    expect(ws.sentFrames()).toEqual([{ type: 'ack', id: '1764629000000-0' }]);
  });

  it('a state the worker did not take is not acked', async () => {
    const t = setup();
    const ws = await connected(t.host);
    t.setDeliver(async () => { throw new Error('Receiving end does not exist'); });
    ws.frame({ type: 'call', id: '1-0', item: item('R-1'), takenAt: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(ws.sentFrames()).toEqual([]);
  });

  it('the same call_ref as a SIP call the phone has shows one call (and the entry is acked)', async () => {
    const t = setup();
    t.sipCalls.push(makeCall({ id: 'sip-1', state: 'active', notification: { ...makeCall().notification, callRef: 'R-7' } }));
    const ws = await connected(t.host);
    const before = t.states.length;
    ws.frame({ type: 'call', id: '2-0', item: item('R-7'), takenAt: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(t.states.length).toBe(before);
    expect(t.host.getState().calls.map((c) => c.id)).toEqual(['sip-1']);
    expect(ws.sentFrames()).toEqual([{ type: 'ack', id: '2-0' }]);
  });

  it('a SIP call arriving after the bridge call with the same call_ref hides the bridge one', async () => {
    const t = setup();
    const ws = await connected(t.host);
    ws.frame({ type: 'call', id: '3-0', item: item('R-8'), takenAt: 1 });
    t.sipCalls.push(makeCall({ id: 'sip-2', notification: { ...makeCall().notification, callRef: 'R-8' } }));
    expect(t.host.getState().calls.map((c) => c.id)).toEqual(['sip-2']);
  });

  it('drops a bridge call on Dismiss and keeps at most five', async () => {
    const t = setup();
    const ws = await connected(t.host);
    for (let i = 0; i < 7; i++) ws.frame({ type: 'call', id: `${10 + i}-0`, item: item(`R-${i}`), takenAt: 1 });
    const calls = t.host.getState().calls;
    expect(calls.map((c) => c.notification.callRef)).toEqual(['R-6', 'R-5', 'R-4', 'R-3', 'R-2']);
    await t.host.dismiss(calls[0]!.id);
    expect(t.states.at(-1)?.calls.map((c) => c.notification.callRef)).toEqual(['R-5', 'R-4', 'R-3', 'R-2']);
    await t.host.dismiss('sip-unknown');
  });

  it('reports the bridge status in the phone state, and Answer calls in the browser off as the reason', async () => {
    const t = setup();
    await connected(t.host, false);
    const state = t.states.at(-1);
    expect(state?.bridge?.state).toBe('connected');
    expect(state?.registration).toMatchObject({ state: 'unconfigured', reason: ANSWER_IN_BROWSER_OFF });
    expect(t.deps.phone.configure).toHaveBeenLastCalledWith(null);
    expect(statusText(state!.registration, Date.now())).toBe('Not answering in the browser');
    expect(bridgeStatusText(state!.bridge, Date.now())).toBe('Bridge: connected');
  });
});

describe('bridge status text', () => {
  it.each([
    [{ state: 'off', since: 0 }, null],
    [{ state: 'connecting', since: 0 }, 'Bridge: connecting…'],
    [{ state: 'wrong-token', retryAt: 70_000, since: 0 }, 'Bridge: wrong token'],
    [{ state: 'reconnecting', retryAt: 13_500, since: 0 }, 'Bridge: reconnecting in 4 s'],
    [{ state: 'error', reason: 'the bridge does not speak teleforge.v1', since: 0 }, 'Bridge: error: the bridge does not speak teleforge.v1'],
  ] as const)('%o reads %s', (status, text) => {
    expect(bridgeStatusText(status, 10_000)).toBe(text);
  });
  it('is absent for a state from before the bridge', () => expect(bridgeStatusText(undefined, 0)).toBeNull());
});

describe('Answer calls in the browser turned off during a call', () => {
  it('does not cut the call: the phone stops once it has ended', async () => {
    const t = setup();
    const onCall = t.deps.phone.onCall.mock.calls[0] as unknown as [(c: CallSnapshot) => void] | undefined;
    const live = makeCall({ id: 'sip-9', state: 'active', answeredAt: 2 });
    t.sipCalls.push(live);
    await t.host.configure({ phone: null, bridge: null, answerInBrowser: false });
    expect(t.deps.phone.configure).not.toHaveBeenCalled();
    t.sipCalls.length = 0;
    onCall?.[0]({ ...live, state: 'ended', endReason: 'caller-hung-up', endedAt: 3 });
    expect(t.deps.phone.configure).toHaveBeenCalledWith(null);
  });
});
