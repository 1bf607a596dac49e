import { describe, expect, it } from 'vitest';
import { decodeRedisNotification } from '../../lib/call-notification/decode-redis';
import { agentClient, legacyNotification, pollUntil, pushAsPbx, startBridge, startRedis, upgradeStatus, v3Notification, type TestBridge, type TestRedis } from './harness';
import { useRedisAndBridge } from './use-bridge';
import { expiredToken, tokenFor } from './tokens';

let redis: TestRedis;
let bridge: TestBridge;

useRedisAndBridge({}, (started) => ({ redis, bridge } = started));

describe('bridge delivery', () => {
  it('hands v3 and legacy payloads pushed like the PBX (RPUSH) to the agent of their ref, decoded, and to nobody else', async () => {
    const agent = await agentClient(bridge.wsUrl, await tokenFor('1001'));
    const other = await agentClient(bridge.wsUrl, await tokenFor('1002'));
    expect(agent.hello).toMatchObject({ type: 'hello', ext: '1001', instance: bridge.instanceId, parkSeconds: 60 });

    await pushAsPbx(redis.client, v3Notification('1001', 'call-v3'), legacyNotification('1001', 'call-legacy'));
    const calls = await agent.waitForCalls(2);
    const decoded = calls.map((c) => decodeRedisNotification(c.item));
    expect(decoded.map((d) => d.ok && d.call)).toEqual([
      expect.objectContaining({ callRef: 'call-v3', ext: '1001', number: '07700900123', direction: 'inbound', format: 'redis-v3', holdTimeSec: 12 }),
      expect.objectContaining({ callRef: 'call-legacy', ext: '1001', contactRef: 'ACME-1', direction: 'inbound', format: 'redis-legacy', holdTimeSec: 3 }),
    ]);
    // Ids are the inbox's stream ids, increasing per agent.
    expect(calls[0]!.id).toMatch(/^\d+-\d+$/);
    expect(calls[0]!.id < calls[1]!.id || calls[0]!.id.length < calls[1]!.id.length).toBe(true);
    expect(calls[0]!.takenAt).toBeGreaterThan(Date.now() - 60_000);

    // A later call for 1002 reaches 1002: by then, anything for 1001 would have reached 1002 too.
    await pushAsPbx(redis.client, v3Notification('1002', 'call-for-1002'));
    const theirs = await other.waitForCalls(1);
    expect(theirs.map((c) => JSON.parse(c.item).payload.call_ref)).toEqual(['call-for-1002']);
    expect(agent.calls).toHaveLength(2);
    await Promise.all([agent.close(), other.close()]);
  });

  it('leaves nothing in the source or processing lists, and acked entries leave the inbox', async () => {
    const agent = await agentClient(bridge.wsUrl, await tokenFor('1003'));
    await pushAsPbx(redis.client, v3Notification('1003', 'a'), v3Notification('1003', 'b'));
    await agent.waitForCalls(2);
    await pollUntil('the acks to empty the inbox', async () => (await redis.client.xLen('teleforge:agent:{1003}:inbox')) === 0);
    expect(await redis.client.lLen('enigma:notifications:inbound')).toBe(0);
    expect(await redis.client.lLen(`{enigma:notifications:inbound}:processing:${bridge.instanceId}`)).toBe(0);
    await agent.close();
  });

  it('sends again, on reconnect, what was not acked', async () => {
    const first = await agentClient(bridge.wsUrl, await tokenFor('1004'), { autoAck: false });
    await pushAsPbx(redis.client, v3Notification('1004', 'unacked'), v3Notification('1004', 'acked'));
    const [unacked, acked] = await first.waitForCalls(2);
    first.ack(acked!.id);
    await pollUntil('the ack to land', async () => (await redis.client.xLen('teleforge:agent:{1004}:inbox')) === 1);
    await first.close();
    const second = await agentClient(bridge.wsUrl, await tokenFor('1004'));
    const again = await second.waitForCalls(1);
    expect(again.map((c) => c.id)).toEqual([unacked!.id]);
    await second.close();
  });

  it('refuses a missing, malformed, expired or other-secret token with 401 on upgrade and on token-check', async () => {
    const good = await tokenFor('1001');
    const refused = {
      missing: ['teleforge.v1'],
      malformed: ['teleforge.v1', 'teleforge.token.not-a-jwt'],
      expired: ['teleforge.v1', `teleforge.token.${await expiredToken('1001')}`],
      otherSecret: ['teleforge.v1', `teleforge.token.${await tokenFor('1001', { secret: 'another-secret-of-enough-length-0123456789' })}`],
    };
    for (const [what, protocols] of Object.entries(refused)) {
      expect(await upgradeStatus(bridge.wsUrl, protocols), what).toBe(401);
      const token = protocols[1]?.slice('teleforge.token.'.length);
      const res = await fetch(`${bridge.httpUrl}/agent/token-check`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
      expect(res.status, what).toBe(401);
      expect(await res.json()).toEqual({ error: expect.any(String) });
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    }
    expect(await upgradeStatus(bridge.wsUrl, ['teleforge.v1', `teleforge.token.${good}`])).toBe(101);
    const ok = await fetch(`${bridge.httpUrl}/agent/token-check`, { headers: { Authorization: `Bearer ${good}` } });
    expect(ok.status).toBe(204);
    const preflight = await fetch(`${bridge.httpUrl}/agent/token-check`, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
  });
});

describe('bridge frames from the extension', () => {
  it('answers ping with pong, ignores malformed frames, and closes with 1008 on more than 20 frames a second', async () => {
    const agent = await agentClient(bridge.wsUrl, await tokenFor('1005'));
    agent.send(JSON.stringify({ type: 'ping' }));
    await pollUntil('a pong', () => agent.frames.some((f) => (f as { type: string }).type === 'pong'));
    agent.send('not json');
    agent.send(JSON.stringify({ type: 'ack', id: '../../etc' }));
    expect(agent.socket.readyState).toBe(agent.socket.OPEN);
    for (let i = 0; i < 25; i++) agent.send(JSON.stringify({ type: 'ping' }));
    expect((await agent.closed).code).toBe(1008);
  });
});

describe('bridge limits', () => {
  it('refuses with 429 a ninth connection for one agent, keeping the others', async () => {
    const token = await tokenFor('1006');
    const open = await Promise.all(Array.from({ length: 8 }, () => agentClient(bridge.wsUrl, token)));
    expect(await upgradeStatus(bridge.wsUrl, ['teleforge.v1', `teleforge.token.${token}`])).toBe(429);
    expect(open.every((c) => c.socket.readyState === c.socket.OPEN)).toBe(true);
    await Promise.all(open.map((c) => c.close()));
  });

  it('rate-limits bad tokens per address with 429, on upgrade and token-check alike', async () => {
    // Its own bridge: the limit is per process and the tests above already spent some of it.
    const own = await startBridge({ REDIS_URL: redis.url });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push(await upgradeStatus(own.wsUrl, ['teleforge.v1', 'teleforge.token.bad']));
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429]);
    const check = await fetch(`${own.httpUrl}/agent/token-check`, { headers: { Authorization: `Bearer ${await tokenFor('1001')}` } });
    expect(check.status).toBe(429);
    await own.kill();
  });
});

describe('bridge order', () => {
  it('delivers in the order the PBX pushed, from the first item a fresh Redis sees', async () => {
    // A fresh Redis: no script cached yet, so the first items cannot be parked late by a NOSCRIPT retry.
    const own = await startRedis();
    const b = await startBridge({ REDIS_URL: own.url });
    try {
      const agent = await agentClient(b.wsUrl, await tokenFor('1007'));
      const refs = Array.from({ length: 40 }, (_, i) => `order-${i}`);
      await pushAsPbx(own.client, ...refs.map((r, i) => (i % 4 === 3 ? `not json ${i}` : v3Notification('1007', r))));
      const expected = refs.filter((_, i) => i % 4 !== 3);
      const calls = await agent.waitForCalls(expected.length);
      expect(calls.map((c) => JSON.parse(c.item).payload.call_ref)).toEqual(expected);
      const dead = (await own.client.lRange('{enigma:notifications:inbound}:dead', 0, -1)).map((e) => JSON.parse(e).item);
      expect(dead).toEqual(refs.map((_, i) => `not json ${i}`).filter((_, i) => i % 4 === 3));
      await agent.close();
    } finally {
      await b.kill();
      await own.stop();
    }
  });
});
