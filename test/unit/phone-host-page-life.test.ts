import { describe, expect, it, vi } from 'vitest';
import { PHONE_PAGE_PORT, watchPageLife, watchPhonePageGone, type WorkerPortLike } from '@/lib/phone-host/page-life';
import { phoneStateSchema, type PhoneState } from '@/lib/phone-host/phone-state';
import { hasLiveSipCall, PHONE_STOPPED, phoneStoppedState } from '@/lib/phone-host/phone-stopped';
import { makeCall, makePhoneState } from './phone-host-fixtures';

const NOW = 1_700_000_009_000;

function fakePort() {
  const listeners: (() => void)[] = [];
  return { onDisconnect: { addListener: (cb: () => void) => listeners.push(cb) }, disconnect: () => listeners.forEach((cb) => cb()) };
}

function page(state: () => PhoneState) {
  const events = new EventTarget();
  const sendState = vi.fn();
  const ports: ReturnType<typeof fakePort>[] = [];
  const connect = vi.fn(() => {
    const port = fakePort();
    ports.push(port);
    return port;
  });
  const life = watchPageLife({ events: events as unknown as Window, getState: state, sendState, connect, now: () => NOW });
  return { events, sendState, connect, ports, life };
}

describe('phoneStoppedState', () => {
  it('ends live SIP calls as failed, keeps ended and bridge calls, and says the phone is being restored', () => {
    const state = makePhoneState({
      calls: [
        makeCall({ id: 'ringing' }),
        makeCall({ id: 'active', state: 'active', answeredAt: NOW - 5_000 }),
        makeCall({ id: 'over', state: 'ended', endReason: 'missed', endedAt: NOW - 1 }),
        makeCall({ id: 'desk', source: 'bridge', state: 'connected' }),
      ],
    });
    const stopped = phoneStoppedState(state, NOW);
    expect(stopped.calls.map((c) => [c.id, c.state, c.endReason, c.endDetail])).toEqual([
      ['ringing', 'ended', 'failed', PHONE_STOPPED],
      ['active', 'ended', 'failed', PHONE_STOPPED],
      ['over', 'ended', 'missed', undefined],
      ['desk', 'connected', undefined, undefined],
    ]);
    expect(stopped.registration).toEqual({ state: 'reconnecting', ext: '1001', reason: PHONE_STOPPED, since: NOW });
    expect(hasLiveSipCall(stopped)).toBe(false);
    // It crosses to the worker as a 'phone/state': it must pass the worker's check.
    expect(phoneStateSchema.safeParse(stopped).success).toBe(true);
  });

  it('ends an outbound call still dialing too (its Hang up would reach nobody)', () => {
    const state = makePhoneState({ calls: [makeCall({ id: 'out', state: 'dialing', direction: 'outbound' })] });
    expect(hasLiveSipCall(state)).toBe(true);
    const stopped = phoneStoppedState(state, NOW);
    expect(stopped.calls[0]).toMatchObject({ state: 'ended', endReason: 'failed', endDetail: PHONE_STOPPED, direction: 'outbound' });
    expect(phoneStateSchema.safeParse(stopped).success).toBe(true);
  });
});

describe('watchPageLife (the phone page)', () => {
  it('on pagehide sends a last state with its live calls ended', () => {
    const { events, sendState } = page(() => makePhoneState({ calls: [makeCall()] }));
    events.dispatchEvent(new Event('pagehide'));
    expect(sendState).toHaveBeenCalledTimes(1);
    const sent = sendState.mock.calls[0]![0] as PhoneState;
    expect(sent.calls[0]).toMatchObject({ state: 'ended', endReason: 'failed', endDetail: PHONE_STOPPED, endedAt: NOW });
  });

  it('sends nothing on pagehide with no live call (waking the worker for nothing)', () => {
    const { events, sendState } = page(() => makePhoneState({ calls: [makeCall({ state: 'ended', endReason: 'missed' })] }));
    events.dispatchEvent(new Event('pagehide'));
    expect(sendState).not.toHaveBeenCalled();
  });

  it('opens one port while a call is live, and reopens it only on a later report (no keep-alive loop)', () => {
    const { connect, ports, life } = page(() => makePhoneState());
    life.reported(makePhoneState());
    expect(connect).not.toHaveBeenCalled();
    life.reported(makePhoneState({ calls: [makeCall()] }));
    life.reported(makePhoneState({ calls: [makeCall({ state: 'active' })] }));
    expect(connect).toHaveBeenCalledTimes(1);
    // The worker was stopped: its end of the port went. Nothing reconnects by itself...
    ports[0]!.disconnect();
    expect(connect).toHaveBeenCalledTimes(1);
    // ...the next report with a live call (which wakes the worker anyway) does.
    life.reported(makePhoneState({ calls: [makeCall({ state: 'active' })] }));
    expect(connect).toHaveBeenCalledTimes(2);
  });

  it('a port that cannot open (extension reloading) does not break the report', () => {
    const events = new EventTarget();
    const life = watchPageLife({
      events: events as unknown as Window,
      getState: () => makePhoneState(),
      sendState: () => {},
      connect: () => {
        throw new Error('Extension context invalidated.');
      },
      now: () => NOW,
    });
    expect(() => life.reported(makePhoneState({ calls: [makeCall()] }))).not.toThrow();
  });
});

describe('watchPhonePageGone (the worker)', () => {
  const PAGE = 'chrome-extension://abc/offscreen.html';
  function worker() {
    let onConnect: ((port: WorkerPortLike) => void) | undefined;
    const onGone = vi.fn();
    watchPhonePageGone({ onConnect: { addListener: (cb) => (onConnect = cb) }, extensionId: 'abc', pageUrl: PAGE, onGone });
    const connect = (name: string, sender: WorkerPortLike['sender']) => {
      const port = fakePort();
      onConnect!({ name, sender, onDisconnect: port.onDisconnect });
      return port;
    };
    return { onGone, connect };
  }

  it("reports the page gone when the phone page's port disconnects", () => {
    const { onGone, connect } = worker();
    const port = connect(PHONE_PAGE_PORT, { id: 'abc', url: PAGE });
    expect(onGone).not.toHaveBeenCalled();
    port.disconnect();
    expect(onGone).toHaveBeenCalledTimes(1);
  });

  it('ignores ports of other names and from anyone but the phone page', () => {
    const { onGone, connect } = worker();
    connect('other', { id: 'abc', url: PAGE }).disconnect();
    connect(PHONE_PAGE_PORT, { id: 'abc', url: 'https://crm.example.com/', tab: { id: 3 } }).disconnect();
    connect(PHONE_PAGE_PORT, { id: 'abc', url: PAGE, tab: { id: 3 } }).disconnect();
    connect(PHONE_PAGE_PORT, { id: 'other-extension', url: PAGE }).disconnect();
    connect(PHONE_PAGE_PORT, undefined).disconnect();
    expect(onGone).not.toHaveBeenCalled();
  });
});
