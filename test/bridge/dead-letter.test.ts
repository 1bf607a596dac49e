import { describe, expect, it } from 'vitest';
import { agentClient, callRefOf, listLengths, metric, pushAsPbx, v3Notification, type TestBridge, type TestRedis } from './harness';
import { useRedisAndBridge } from './use-bridge';
import { tokenFor } from './tokens';

let redis: TestRedis;
let bridge: TestBridge;

useRedisAndBridge({}, (started) => ({ redis, bridge } = started));

describe('bridge dead-letter list', () => {
  it('moves malformed JSON, unknown types and payload-less items to the dead-letter list with the error, and keeps delivering', async () => {
    const agent = await agentClient(bridge.wsUrl, await tokenFor('5001'));
    await pushAsPbx(
      redis.client,
      v3Notification('5001', 'before'),
      '{"type":"call","payload":{"ref":"5001"',
      { type: 'hangup', payload: { ref: '5001', call_ref: 'x' } },
      { type: 'call' },
      { type: 'call', payload: { call_ref: 'no-ref', number: '1' } },
      v3Notification('5001', 'after'),
    );
    const calls = await agent.waitForCalls(2);
    expect(calls.map((c) => callRefOf(c.item))).toEqual(['before', 'after']);

    const dead = (await redis.client.lRange('{enigma:notifications:inbound}:dead', 0, -1)).map((e) => JSON.parse(e) as { item: string; error: string; at: string });
    expect(dead.map((d) => d.item)).toEqual([
      '{"type":"call","payload":{"ref":"5001"',
      JSON.stringify({ type: 'hangup', payload: { ref: '5001', call_ref: 'x' } }),
      JSON.stringify({ type: 'call' }),
      JSON.stringify({ type: 'call', payload: { call_ref: 'no-ref', number: '1' } }),
    ]);
    expect(dead.map((d) => d.error)).toEqual([
      'notification is not valid JSON',
      'notification type is "hangup", expected "call"',
      'notification has no "payload"',
      expect.stringContaining('payload.ref'),
    ]);
    for (const d of dead) expect(Date.parse(d.at)).toBeGreaterThan(Date.now() - 60_000);
    expect(await metric(bridge, 'bridge_notifications_dead_lettered_total')).toBe(4);
    expect(await metric(bridge, 'bridge_decode_errors_total')).toBe(3);
    const lists = await listLengths(redis.client);
    expect(lists.source).toBe(0);
    expect(Object.values(lists.processing).every((n) => n === 0)).toBe(true);
    // The bridge is still up and delivering.
    await pushAsPbx(redis.client, v3Notification('5001', 'later'));
    await agent.waitForCalls(3);
    await agent.close();
  });
});
