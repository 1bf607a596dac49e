import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentClient, callRefOf, listLengths, metric, pollUntil, pushAsPbx, startBridge, startRedis, v3Notification, type AgentClient, type TestBridge, type TestRedis } from './harness';
import { tokenFor } from './tokens';

let redis: TestRedis;
const bridges: TestBridge[] = [];
const start = async (env: Record<string, string> = {}) => {
  const b = await startBridge({ REDIS_URL: redis.url, ...env });
  bridges.push(b);
  return b;
};

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  for (const b of bridges) await b.kill();
  await redis?.stop();
});

async function sumOverLive(name: string): Promise<number> {
  let sum = 0;
  for (const b of bridges) if (b.child.exitCode === null && b.child.signalCode === null) sum += await metric(b, name);
  return sum;
}

/** Every call frame seen by the agent's connections, as call_ref -> set of entry ids. */
function idsByCallRef(clients: AgentClient[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const c of clients) {
    for (const frame of c.calls) {
      const ref = callRefOf(frame.item);
      if (!out.has(ref)) out.set(ref, new Set());
      out.get(ref)!.add(frame.id);
    }
  }
  return out;
}

describe('bridge crash recovery', () => {
  it('SIGKILL in the middle of a burst: after restart every item is delivered, none twice, none left in a processing list', async () => {
    const BURST = 600;
    const first = await start({ BRIDGE_INSTANCE_ID: 'crashy' });
    const token = await tokenFor('3001');
    const before = await agentClient(first.wsUrl, token);
    const items = Array.from({ length: BURST }, (_, i) => v3Notification('3001', `burst-${i}`));
    // Pushed in small batches, as calls arrive; the kill lands while items are still coming.
    const pushing = (async () => {
      for (let i = 0; i < BURST; i += 10) await pushAsPbx(redis.client, ...items.slice(i, i + 10));
    })();
    await pollUntil('part of the burst to be delivered', () => before.ids().size >= 50);
    await first.kill();
    await pushing;
    const deliveredBeforeCrash = before.ids().size;
    expect(deliveredBeforeCrash).toBeLessThan(BURST);

    // The same instance id again, as a systemd unit with a fixed BRIDGE_INSTANCE_ID restarts.
    const second = await start({ BRIDGE_INSTANCE_ID: 'crashy' });
    const after = await agentClient(second.wsUrl, token);
    const seen = await pollUntil('every item of the burst', () => {
      const m = idsByCallRef([before, after]);
      return m.size === BURST ? m : undefined;
    }, 60_000);
    // Each call_ref was parked once: one inbox id, however often that id was sent (unacked at the crash).
    const parkedTwice = [...seen].filter(([, ids]) => ids.size !== 1).map(([ref]) => ref);
    expect(parkedTwice).toEqual([]);
    await pollUntil('the lists to drain', async () => {
      const l = await listLengths(redis.client);
      return l.source === 0 && Object.values(l.processing).every((n) => n === 0);
    });
    await pollUntil('the acks to empty the inbox', async () => (await redis.client.xLen('teleforge:agent:{3001}:inbox')) === 0);
    await Promise.all([before.close(), after.close()]);
  });

  it("recovers a dead instance's processing list and does not park again an item that was parked before the crash", async () => {
    const bridge = await start();
    const agent = await agentClient(bridge.wsUrl, await tokenFor('3002'));
    const parked = v3Notification('3002', 'parked-then-crashed');
    const unparked = v3Notification('3002', 'taken-then-crashed');
    await pushAsPbx(redis.client, parked);
    await agent.waitForCalls(1);

    const recoveredBefore = await sumOverLive('bridge_notifications_recovered_total');
    const duplicatesBefore = await sumOverLive('bridge_notifications_duplicate_total');
    // A crash of instance "ghost" after parking the first item but before its LREM, and right after
    // taking the second: both still in its processing list, its lease gone.
    await redis.client.rPush('{enigma:notifications:inbound}:processing:ghost', [JSON.stringify(parked), JSON.stringify(unparked)]);
    await redis.client.sAdd('{enigma:notifications:inbound}:instances', 'ghost');

    await agent.waitForCalls(2);
    await pollUntil('the ghost to be forgotten', async () => !(await redis.client.sIsMember('{enigma:notifications:inbound}:instances', 'ghost')));
    expect(await redis.client.exists('{enigma:notifications:inbound}:processing:ghost')).toBe(0);
    // Any live instance may be the one that recovers it (the one of the test above is still up).
    expect(await sumOverLive('bridge_notifications_recovered_total')).toBe(recoveredBefore + 2);
    expect(await sumOverLive('bridge_notifications_duplicate_total')).toBe(duplicatesBefore + 1);
    expect([...idsByCallRef([agent])].map(([ref, ids]) => [ref, ids.size])).toEqual([
      ['parked-then-crashed', 1],
      ['taken-then-crashed', 1],
    ]);
    await agent.close();
  });
});
