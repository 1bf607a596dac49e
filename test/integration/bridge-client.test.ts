/**
 * lib/bridge-client against the real bridge (the bundled build as a child process) and a real
 * redis-server, in Node with the `ws` package as the WebSocket: what the browser's end of the
 * channel must do with a real peer. Decoded v3 and legacy pushes, acks the bridge counts, the
 * wrong-token verdict from the real token-check endpoint, and a bridge killed (SIGKILL) and
 * restarted on the same port: the client reconnects by itself, gets what was pushed meanwhile, and
 * an entry handed over but not acked before the crash is acked again, not shown twice.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createBridgeClient, type BridgeCall, type BridgeClient, type BridgeSocketConstructor, type BridgeStatus } from '../../lib/bridge-client';
import { legacyNotification, metric, pollUntil, pushAsPbx, startBridge, startRedis, v3Notification, type TestBridge, type TestRedis } from '../bridge/harness';
import { tokenFor } from '../bridge/tokens';

let redis: TestRedis;
let bridge: TestBridge;
const clients: BridgeClient[] = [];

beforeAll(async () => {
  redis = await startRedis();
  bridge = await startBridge({ REDIS_URL: redis.url });
});

afterAll(async () => {
  for (const c of clients) c.dispose();
  await bridge?.stop();
  await redis?.stop();
});

function client(token: string, onCall: (call: BridgeCall) => void | Promise<void> = () => {}) {
  const statuses: BridgeStatus[] = [];
  const calls: BridgeCall[] = [];
  const c = createBridgeClient({
    WebSocket: WebSocket as unknown as BridgeSocketConstructor,
    fetch: (url, init) => fetch(url, init),
    onStatus: (s) => statuses.push(s),
    onCall: (call) => {
      calls.push(call);
      return onCall(call);
    },
    reconnectSchedule: { firstMs: 100, steps: [], finalEveryMs: 500 },
  });
  clients.push(c);
  return { c, statuses, calls };
}

it('v3 and legacy pushes arrive decoded and are acked; another agent gets nothing', async () => {
  const mine = client(await tokenFor('2101'));
  const other = client(await tokenFor('2102'));
  mine.c.configure({ url: bridge.wsUrl, token: await tokenFor('2101') });
  other.c.configure({ url: bridge.wsUrl, token: await tokenFor('2102') });
  await pollUntil('both connected', () => mine.c.status.state === 'connected' && other.c.status.state === 'connected');
  const acked = await metric(bridge, 'bridge_notifications_acked_total');
  await pushAsPbx(redis.client, v3Notification('2101', 'IT-V3'), legacyNotification('2101', 'IT-LEGACY'));
  await pollUntil('two calls', () => mine.calls.length >= 2);
  expect(mine.calls.map((c) => [c.notification.callRef, c.notification.format, c.notification.ext])).toEqual([
    ['IT-V3', 'redis-v3', '2101'],
    ['IT-LEGACY', 'redis-legacy', '2101'],
  ]);
  await pollUntil('both acked', async () => (await metric(bridge, 'bridge_notifications_acked_total')) >= acked + 2);
  expect(other.calls).toEqual([]);
});

it("a token signed with another secret is 'wrong-token' (the real token-check endpoint said 401)", async () => {
  const wrong = client('');
  wrong.c.configure({ url: bridge.wsUrl, token: await tokenFor('2101', { secret: 'another-secret-0123456789-abcdefghijklmnopqr' }) });
  await pollUntil('wrong-token', () => wrong.c.status.state === 'wrong-token');
  expect(wrong.statuses.map((s) => s.state)).toEqual(['connecting', 'wrong-token']);
  expect((wrong.c.status.retryAt ?? 0) - Date.now()).toBeGreaterThan(50_000);
});

it('after a SIGKILL and a restart on the same port: reconnects, gets what was pushed meanwhile, shows an unacked entry once', async () => {
  const token = await tokenFor('2103');
  let holdFirst = true;
  const agent = client(token, () => (holdFirst ? new Promise<void>(() => {}) : undefined));
  agent.c.configure({ url: bridge.wsUrl, token });
  await pollUntil('connected', () => agent.c.status.state === 'connected');
  await pushAsPbx(redis.client, v3Notification('2103', 'IT-HELD'));
  // Handed over but never acked (the screen pop did not confirm): the bridge keeps it in the inbox.
  await pollUntil('the held call', () => agent.calls.length === 1);
  holdFirst = false;

  const port = bridge.port;
  await bridge.kill();
  await pollUntil('reconnecting', () => agent.c.status.state === 'reconnecting' || agent.c.status.state === 'connecting');
  await pushAsPbx(redis.client, v3Notification('2103', 'IT-WHILE-DOWN'));
  bridge = await startBridge({ REDIS_URL: redis.url, BRIDGE_LISTEN: `127.0.0.1:${port}` });
  await pollUntil('connected again', () => agent.c.status.state === 'connected', 30_000);
  await pollUntil('the call pushed while the bridge was down', () => agent.calls.some((c) => c.notification.callRef === 'IT-WHILE-DOWN'), 30_000);
  // The held entry came again: acked now, not handed over a second time.
  await pollUntil('the held entry acked', async () => (await metric(bridge, 'bridge_notifications_acked_total')) >= 2, 20_000);
  expect(agent.calls.map((c) => c.notification.callRef)).toEqual(['IT-HELD', 'IT-WHILE-DOWN']);
});

it('push to hand-over latency on loopback (figures for the report)', async () => {
  const token = await tokenFor('2104');
  const pushedAt = new Map<string, number>();
  const latencies: number[] = [];
  const agent = client(token, (call) => void latencies.push(performance.now() - (pushedAt.get(call.notification.callRef) ?? Number.NaN)));
  agent.c.configure({ url: bridge.wsUrl, token });
  await pollUntil('connected', () => agent.c.status.state === 'connected');
  for (let i = 0; i < 50; i++) {
    const ref = `IT-LAT-${i}`;
    pushedAt.set(ref, performance.now());
    await pushAsPbx(redis.client, v3Notification('2104', ref));
    await pollUntil(`call ${ref}`, () => agent.calls.length === i + 1, 10_000, 2);
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  console.log(`bridge client: push -> onCall over ${sorted.length} calls: p50 ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms`);
  expect(sorted).toHaveLength(50);
  expect(sorted.every(Number.isFinite)).toBe(true);
});
