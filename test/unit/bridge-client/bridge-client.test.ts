import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBridgeClient, type BridgeCall, type BridgeStatus } from '../../../lib/bridge-client';
import type { FetchLike } from '../../../lib/bridge-client/token-check';
import { FakeBridgeSocket } from './fake-bridge-socket';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMDAxIn0.c2VjcmV0LXNpZ25hdHVyZQ';
const CONFIG = { url: 'wss://bridge.example.com/agent', token: TOKEN };
const v3 = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: 'call',
    payload: { number: '07700900123', dial_number: '0207', hold_time: 4, call_ref: 'R-1', contact_ref: 'ACC-1', call_dir: 'inbound', ref: '1001', ...over },
  });

function setup(fetchStatus: number | 'throw' = 204) {
  const statuses: BridgeStatus[] = [];
  const calls: BridgeCall[] = [];
  const logs: string[] = [];
  const log = (...args: unknown[]) => logs.push(args.map(String).join(' '));
  const fetch = vi.fn<FetchLike>(async () => {
    if (fetchStatus === 'throw') throw new TypeError('Failed to fetch');
    return { status: fetchStatus };
  });
  let handOver: (call: BridgeCall) => Promise<void> = async () => {};
  const client = createBridgeClient({
    WebSocket: FakeBridgeSocket,
    fetch,
    onStatus: (s) => statuses.push(s),
    onCall: (call) => {
      calls.push(call);
      return handOver(call);
    },
    logger: { debug: log, info: log, warn: log, error: log },
    random: () => 0,
    pingIntervalMs: 1_000,
    pongTimeoutMs: 500,
    connectTimeoutMs: 2_000,
    reconnectSchedule: { firstMs: 250, steps: [{ untilMs: 60_000, everyMs: 1_000 }], finalEveryMs: 4_000, jitter: 0 },
    wrongTokenBackoff: { initialMs: 60_000, factor: 2, maxMs: 300_000, jitter: 0 },
  });
  return {
    client, statuses, calls, logs, fetch,
    setHandOver: (fn: typeof handOver) => { handOver = fn; },
    states: () => statuses.map((s) => s.state),
  };
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeBridgeSocket.made = [];
});
afterEach(() => vi.useRealTimers());

describe('bridge client: connecting', () => {
  it('offers teleforge.v1 and the token subprotocol, and is connected once the bridge selects teleforge.v1', () => {
    const t = setup();
    t.client.configure(CONFIG);
    const ws = FakeBridgeSocket.last();
    expect(ws.url).toBe(CONFIG.url);
    expect(ws.protocols).toEqual(['teleforge.v1', `teleforge.token.${TOKEN}`]);
    ws.open();
    expect(t.states()).toEqual(['connecting', 'connected']);
  });

  it('the same config again does not reconnect; null turns it off', () => {
    const t = setup();
    t.client.configure(CONFIG);
    FakeBridgeSocket.last().open();
    t.client.configure({ ...CONFIG });
    expect(FakeBridgeSocket.made).toHaveLength(1);
    t.client.configure(null);
    expect(t.client.status.state).toBe('off');
    expect(FakeBridgeSocket.last().closedWith).toBe(1000);
  });

  it('a bridge answering another subprotocol is an error, retried', () => {
    const t = setup();
    t.client.configure(CONFIG);
    FakeBridgeSocket.last().open('');
    expect(t.client.status.state).toBe('error');
    vi.advanceTimersByTime(250);
    expect(FakeBridgeSocket.made).toHaveLength(2);
  });

  it('a refused upgrade with a token the token-check refuses is "wrong-token", retried slowly', async () => {
    const t = setup(401);
    t.client.configure(CONFIG);
    FakeBridgeSocket.last().closeFromPeer(1006);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.fetch).toHaveBeenCalledWith('https://bridge.example.com/agent/token-check', expect.objectContaining({ method: 'GET', headers: { Authorization: `Bearer ${TOKEN}` } }));
    expect(t.client.status).toMatchObject({ state: 'wrong-token', retryAt: Date.now() + 60_000 });
    await vi.advanceTimersByTimeAsync(59_999);
    expect(FakeBridgeSocket.made).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeBridgeSocket.made).toHaveLength(2);
  });

  it('a refused upgrade with a valid token reconnects on the reconnect schedule (250 ms, then every second)', async () => {
    const t = setup(204);
    t.client.configure(CONFIG);
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      FakeBridgeSocket.last().closeFromPeer(1006);
      await vi.advanceTimersByTimeAsync(0);
      expect(t.client.status.state).toBe('reconnecting');
      waits.push((t.client.status.retryAt ?? 0) - Date.now());
      await vi.advanceTimersByTimeAsync(waits.at(-1) ?? 0);
    }
    expect(waits).toEqual([250, 1000, 1000]);
    expect(FakeBridgeSocket.made).toHaveLength(4);
  });

  it('a bridge silent over HTTP too is tried by its token check, a WebSocket only once that answers or every 30 s', async () => {
    let answering = false;
    const t = setup('throw');
    t.fetch.mockImplementation(async () => {
      if (!answering) throw new TypeError('Failed to fetch');
      return { status: 204 };
    });
    t.client.configure(CONFIG);
    FakeBridgeSocket.last().closeFromPeer(1006);
    await vi.advanceTimersByTimeAsync(20_000);
    // One socket at the start; every try since was a token check (about one a second).
    expect(FakeBridgeSocket.made).toHaveLength(1);
    expect(t.fetch.mock.calls.length).toBeGreaterThanOrEqual(15);
    expect(t.client.status).toMatchObject({ state: 'reconnecting', reason: 'bridge unreachable' });
    await vi.advanceTimersByTimeAsync(11_000);
    expect(FakeBridgeSocket.made).toHaveLength(2);
    FakeBridgeSocket.last().closeFromPeer(1006);
    answering = true;
    await vi.advanceTimersByTimeAsync(1_500);
    // The check answered: the WebSocket is opened at once.
    expect(FakeBridgeSocket.made).toHaveLength(3);
  });

  it('an upgrade never answered is given up after the connect deadline', async () => {
    const t = setup(204);
    t.client.configure(CONFIG);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(t.client.status.state).toBe('reconnecting');
    expect(FakeBridgeSocket.made[0]?.closedWith).toBe(1000);
  });

  it('a close with 4401 (token expired while connected) is "wrong-token"; 1001 reconnects at the quickest', () => {
    const t = setup();
    t.client.configure(CONFIG);
    FakeBridgeSocket.last().open();
    FakeBridgeSocket.last().closeFromPeer(4401);
    expect(t.client.status.state).toBe('wrong-token');

    const u = setup();
    u.client.configure(CONFIG);
    FakeBridgeSocket.last().open();
    FakeBridgeSocket.last().closeFromPeer(1001);
    expect(u.client.status.state).toBe('reconnecting');
    expect((u.client.status.retryAt ?? 0) - Date.now()).toBe(250);
  });

  it('never puts the token into a log line or a status', async () => {
    const t = setup(401);
    t.client.configure(CONFIG);
    FakeBridgeSocket.last().closeFromPeer(1006);
    await vi.advanceTimersByTimeAsync(60_000);
    FakeBridgeSocket.last().open();
    FakeBridgeSocket.last().frame('not json');
    FakeBridgeSocket.last().closeFromPeer(4401);
    const text = JSON.stringify(t.statuses) + t.logs.join('\n');
    expect(t.logs.length).toBeGreaterThan(3);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('c2VjcmV0');
  });
});

describe('bridge client: liveness', () => {
  it('pings every interval and drops a bridge that answers nothing', () => {
    const t = setup();
    t.client.configure(CONFIG);
    const ws = FakeBridgeSocket.last();
    ws.open();
    vi.advanceTimersByTime(1_000);
    expect(ws.sentFrames()).toEqual([{ type: 'ping' }]);
    ws.frame({ type: 'pong', at: Date.now() });
    vi.advanceTimersByTime(500 + 1_000);
    expect(t.client.status.state).toBe('connected');
    expect(ws.sentFrames()).toEqual([{ type: 'ping' }, { type: 'ping' }]);
    vi.advanceTimersByTime(500);
    expect(t.client.status).toMatchObject({ state: 'reconnecting', reason: 'no answer to ping' });
    expect(ws.closedWith).toBe(1000);
  });
});

describe('bridge client: notifications', () => {
  it('decodes each item with the Redis decoder, hands it over, then acks it', async () => {
    const t = setup();
    let release: () => void = () => {};
    t.setHandOver(() => new Promise((resolve) => { release = resolve; }));
    t.client.configure(CONFIG);
    const ws = FakeBridgeSocket.last();
    ws.open();
    ws.frame({ type: 'call', id: '1764629000000-0', item: v3(), takenAt: 1_764_629_000_000 });
    expect(t.calls).toHaveLength(1);
    expect(t.calls[0]).toMatchObject({ entryId: '1764629000000-0', notification: { number: '07700900123', callRef: 'R-1', format: 'redis-v3' } });
    await vi.advanceTimersByTimeAsync(0);
    expect(ws.sentFrames()).toEqual([]);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(ws.sentFrames()).toEqual([{ type: 'ack', id: '1764629000000-0' }]);
  });

  it('a legacy payload decodes too', () => {
    const t = setup();
    t.client.configure(CONFIG);
    FakeBridgeSocket.last().open();
    const legacy = JSON.stringify({ type: 'call', payload: { number: '0161', dial_number: '0207', hold_time: 1, call_ref: 'L-1', contact_ref: '', campaign_ref: 'inbound', ref: '1001' } });
    FakeBridgeSocket.last().frame({ type: 'call', id: '2-0', item: legacy, takenAt: 1 });
    expect(t.calls[0]?.notification).toMatchObject({ format: 'redis-legacy', campaignRef: 'inbound', callRef: 'L-1' });
  });

  it('a repeated id (sent again after a reconnect) is acked again, not shown twice', async () => {
    const t = setup();
    t.client.configure(CONFIG);
    FakeBridgeSocket.last().open();
    FakeBridgeSocket.last().frame({ type: 'call', id: '5-0', item: v3(), takenAt: 1 });
    FakeBridgeSocket.last().closeFromPeer(1006);
    await vi.advanceTimersByTimeAsync(250);
    const second = FakeBridgeSocket.last();
    second.open();
    second.frame({ type: 'call', id: '5-0', item: v3(), takenAt: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(t.calls).toHaveLength(1);
    expect(second.sentFrames()).toEqual([{ type: 'ack', id: '5-0' }]);
  });

  it('a call the screen pop could not take is not acked, and shown when it comes again', async () => {
    const t = setup();
    t.setHandOver(async () => { throw new Error('worker gone'); });
    t.client.configure(CONFIG);
    const ws = FakeBridgeSocket.last();
    ws.open();
    ws.frame({ type: 'call', id: '6-0', item: v3(), takenAt: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(ws.sentFrames()).toEqual([]);
    t.setHandOver(async () => {});
    ws.frame({ type: 'call', id: '6-0', item: v3(), takenAt: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(t.calls).toHaveLength(2);
    expect(ws.sentFrames()).toEqual([{ type: 'ack', id: '6-0' }]);
  });

  it('ignores malformed frames and items that do not decode (acked, never shown)', async () => {
    const t = setup();
    t.client.configure(CONFIG);
    const ws = FakeBridgeSocket.last();
    ws.open();
    ws.frame('{"type":"call"');
    ws.frame({ type: 'call', id: '__proto__', item: v3(), takenAt: 1 });
    ws.frame({ type: 'surprise' });
    ws.frame('x'.repeat(70_000));
    ws.frame({ type: 'call', id: '7-0', item: '{"type":"hangup","payload":{}}', takenAt: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(t.calls).toHaveLength(0);
    expect(t.client.status.state).toBe('connected');
    expect(ws.sentFrames()).toEqual([{ type: 'ack', id: '7-0' }]);
  });

  it('acks a burst at most 15 a second (the bridge closes a flood of over 20)', async () => {
    const t = setup();
    t.client.configure(CONFIG);
    const ws = FakeBridgeSocket.last();
    ws.open();
    for (let i = 0; i < 40; i++) ws.frame({ type: 'call', id: `${i}-0`, item: v3({ call_ref: `R-${i}` }), takenAt: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(t.calls).toHaveLength(40);
    expect(ws.sent).toHaveLength(15);
    await vi.advanceTimersByTimeAsync(999);
    expect(ws.sent).toHaveLength(15);
    await vi.advanceTimersByTimeAsync(1);
    expect(ws.sent).toHaveLength(30);
    // Pong traffic keeps the socket up through the wait for the pings.
    ws.frame({ type: 'pong', at: 1 });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(ws.sentFrames().filter((f) => f.type === 'ack').map((f) => f.id)).toEqual(Array.from({ length: 40 }, (_, i) => `${i}-0`));
  });
});
