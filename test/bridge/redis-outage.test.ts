import { describe, expect, it } from 'vitest';
import { agentClient, callRefOf, pollUntil, pushAsPbx, v3Notification, type TestBridge, type TestRedis } from './harness';
import { useRedisAndBridge } from './use-bridge';
import { tokenFor } from './tokens';

let redis: TestRedis;
let bridge: TestBridge;

useRedisAndBridge({}, (started) => ({ redis, bridge } = started));

describe('bridge and Redis trouble', () => {
  it('delivers an inbox entry whose pub/sub wake-up was lost (the slow re-read)', async () => {
    const agent = await agentClient(bridge.wsUrl, await tokenFor('8001'));
    // Parked as the bridge parks, but with no PUBLISH: only the periodic re-read can find it.
    const item = JSON.stringify(v3Notification('8001', 'no-wake-up'));
    await redis.client.xAdd('teleforge:agent:{8001}:inbox', '*', { item, takenAt: String(Date.now()) });
    const calls = await agent.waitForCalls(1, 15_000);
    expect(calls.map((c) => callRefOf(c.item))).toEqual(['no-wake-up']);
    await agent.close();
  });

  it('keeps running through a Redis restart and delivers what is pushed after it', async () => {
    const agent = await agentClient(bridge.wsUrl, await tokenFor('8002'));
    await pushAsPbx(redis.client, v3Notification('8002', 'before-restart'));
    await agent.waitForCalls(1);
    await redis.restart();
    await pollUntil('healthz to be 200 again', async () => (await fetch(`${bridge.httpUrl}/healthz`)).status === 200, 30_000);
    // The restarted Redis has no scripts cached: the first park answers NOSCRIPT and is sent again.
    await pushAsPbx(redis.client, v3Notification('8002', 'after-restart'));
    const calls = await agent.waitForCalls(2, 30_000);
    expect(calls.map((c) => callRefOf(c.item))).toEqual(['before-restart', 'after-restart']);
    expect(bridge.child.exitCode).toBeNull();
    await agent.close();
  });
});
