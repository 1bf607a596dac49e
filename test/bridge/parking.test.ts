import { describe, expect, it } from 'vitest';
import { agentClient, callRefOf, metric, pollUntil, pushAsPbx, v3Notification, type TestBridge, type TestRedis } from './harness';
import { useRedisAndBridge } from './use-bridge';
import { tokenFor } from './tokens';

const PARK_SECONDS = 2;
let redis: TestRedis;
let bridge: TestBridge;

useRedisAndBridge({ BRIDGE_PARK_SECONDS: String(PARK_SECONDS) }, (started) => ({ redis, bridge } = started));

describe('bridge parking (BRIDGE_PARK_SECONDS)', () => {
  it('parks a call for an agent who is not connected and delivers it on connect inside the window', async () => {
    await pushAsPbx(redis.client, v3Notification('4001', 'parked'));
    await pollUntil('the call to be parked', async () => (await redis.client.xLen('teleforge:agent:{4001}:inbox')) === 1);
    expect(await redis.client.lLen('enigma:notifications:inbound')).toBe(0);
    const agent = await agentClient(bridge.wsUrl, await tokenFor('4001'));
    const calls = await agent.waitForCalls(1);
    expect(calls.map((c) => callRefOf(c.item))).toEqual(['parked']);
    await agent.close();
  });

  it('counts a call as missed when nobody connects inside the window, and does not deliver it later', async () => {
    const missedBefore = await metric(bridge, 'bridge_notifications_missed_total');
    await pushAsPbx(redis.client, v3Notification('4002', 'too-late'));
    await pollUntil('the call to be parked', async () => (await redis.client.xLen('teleforge:agent:{4002}:inbox')) === 1);
    await pollUntil('the call to be counted missed', async () => (await metric(bridge, 'bridge_notifications_missed_total')) === missedBefore + 1, 20_000);
    expect(await redis.client.exists('teleforge:agent:{4002}:inbox')).toBe(0);

    const agent = await agentClient(bridge.wsUrl, await tokenFor('4002'));
    // A fresh call after the expired one: when it arrives, the expired one would have come first.
    await pushAsPbx(redis.client, v3Notification('4002', 'fresh'));
    const calls = await agent.waitForCalls(1);
    expect(calls.map((c) => callRefOf(c.item))).toEqual(['fresh']);
    await agent.close();
    // Acked: not counted as missed once the window passes.
    await new Promise((r) => setTimeout(r, PARK_SECONDS * 1000 + 1500));
    expect(await metric(bridge, 'bridge_notifications_missed_total')).toBe(missedBefore + 1);
  });
});
