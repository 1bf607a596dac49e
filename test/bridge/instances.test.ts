import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentClient, callRefOf, listLengths, metric, pollUntil, pushAsPbx, startBridge, startRedis, v3Notification, type TestBridge, type TestRedis } from './harness';
import { tokenFor } from './tokens';

let redis: TestRedis;
let a: TestBridge;
let b: TestBridge;

beforeAll(async () => {
  redis = await startRedis();
  [a, b] = await Promise.all([startBridge({ REDIS_URL: redis.url }), startBridge({ REDIS_URL: redis.url })]);
});
afterAll(async () => {
  await Promise.all([a?.kill(), b?.kill()]);
  await redis?.stop();
});

describe('two bridge instances on one Redis', () => {
  it('delivers to an agent connected to one instance the items the other instance took', async () => {
    const COUNT = 200;
    const agent = await agentClient(a.wsUrl, await tokenFor('6001'));
    expect(agent.hello.instance).toBe(a.instanceId);
    // One by one, as calls come: both instances are blocked in BLMOVE and share them.
    for (let i = 0; i < COUNT; i++) await pushAsPbx(redis.client, v3Notification('6001', `shared-${i}`));
    const calls = await agent.waitForCalls(COUNT, 30_000);
    expect(new Set(calls.map((c) => callRefOf(c.item))).size).toBe(COUNT);
    const takenByB = await metric(b, 'bridge_notifications_parked_total');
    const takenByA = await metric(a, 'bridge_notifications_parked_total');
    expect(takenByA + takenByB).toBe(COUNT);
    expect(takenByB).toBeGreaterThan(0);
    expect(await metric(b, 'bridge_notifications_delivered_total')).toBe(0);
    await agent.close();
  });

  it('sends each call to every connection of the agent, on both instances', async () => {
    const token = await tokenFor('6003');
    const [onA, onA2, onB] = await Promise.all([agentClient(a.wsUrl, token, { autoAck: false }), agentClient(a.wsUrl, token, { autoAck: false }), agentClient(b.wsUrl, token, { autoAck: false })]);
    await pushAsPbx(redis.client, v3Notification('6003', 'everywhere-1'), v3Notification('6003', 'everywhere-2'));
    for (const c of [onA, onA2, onB]) {
      const calls = await c.waitForCalls(2);
      // Two instances may park two near-simultaneous calls in either order; each connection gets them in inbox order.
      expect(calls.map((x) => callRefOf(x.item)).sort()).toEqual(['everywhere-1', 'everywhere-2']);
      expect(calls.map((x) => x.id)).toEqual(onA.calls.map((x) => x.id));
    }
    // The same inbox ids everywhere: an ack from any of them settles it for all.
    expect([...onA.ids()]).toEqual([...onB.ids()]);
    for (const id of onB.ids()) onB.ack(id);
    await pollUntil('the acks to empty the inbox', async () => (await redis.client.xLen('teleforge:agent:{6003}:inbox')) === 0);
    await Promise.all([onA.close(), onA2.close(), onB.close()]);
  });

  it("recovers the items of an instance killed mid-burst, through the live one, to an agent connected to it", async () => {
    const COUNT = 300;
    const agent = await agentClient(b.wsUrl, await tokenFor('6002'));
    const pushing = (async () => {
      for (let i = 0; i < COUNT; i += 5) {
        await pushAsPbx(redis.client, ...Array.from({ length: 5 }, (_, j) => v3Notification('6002', `kill-${i + j}`)));
      }
    })();
    await pollUntil('part of the burst', () => agent.ids().size >= 30);
    await a.kill();
    await pushing;
    const calls = await agent.waitForCalls(COUNT, 60_000);
    const byRef = new Map<string, Set<string>>();
    for (const c of calls) byRef.set(callRefOf(c.item), (byRef.get(callRefOf(c.item)) ?? new Set()).add(c.id));
    expect(byRef.size).toBe(COUNT);
    expect([...byRef.values()].every((ids) => ids.size === 1)).toBe(true);
    await pollUntil('no processing list left', async () => Object.keys((await listLengths(redis.client)).processing).every((k) => k.endsWith(b.instanceId)));
    expect((await listLengths(redis.client)).processing[`{enigma:notifications:inbound}:processing:${b.instanceId}`] ?? 0).toBe(0);
    await agent.close();
  });
});
