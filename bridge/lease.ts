import { randomBytes } from 'node:crypto';
import { keys } from './keys';
import { errorText, type Logger } from './logger';
import type { BridgeMetrics } from './metrics';
import { defineScript, type RedisCommands } from './redis-client';

/**
 * Each instance holds a lease key (PX, refreshed at a third of its life) and is listed in the
 * instances set. An instance whose lease is gone is dead: a live one moves the items of its
 * processing list, one LMOVE at a time (atomic, so two recovering instances never take the same
 * item), into its own processing list and routes them. Routing is idempotent (inbox dedupe), so an
 * item the dead instance had already parked is not delivered twice.
 */
const REFRESH = defineScript(`
local v = redis.call('GET', KEYS[1])
if v == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if not v then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 2 end
return -1`);

const RELEASE = defineScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
if redis.call('LLEN', KEYS[2]) == 0 then redis.call('SREM', KEYS[3], ARGV[2]) end
return 1`);

// Forget a dead instance once its list is empty and it has not come back.
const FORGET = defineScript(`
if redis.call('EXISTS', KEYS[1]) == 0 and redis.call('LLEN', KEYS[2]) == 0 then
  return redis.call('SREM', KEYS[3], ARGV[1])
end
return 0`);

export class InstanceIdInUse extends Error {}

export interface Lease {
  /** Takes this instance's lease (waits out a lease left by a previous process with this id). */
  acquire(): Promise<void>;
  /** Refreshes the lease and recovers dead instances' items; run on a timer. */
  tick(): Promise<void>;
  /** Items left in this instance's own processing list (by a previous process with this id). */
  leftovers(): Promise<string[]>;
  release(): Promise<void>;
}

export function createLease(deps: {
  redis: RedisCommands;
  instanceId: string;
  leaseMs: number;
  log: Logger;
  metrics: BridgeMetrics;
  sleep: (ms: number) => Promise<void>;
  /** Routes an item now in this instance's processing list. */
  route: (item: string) => Promise<void>;
}): Lease {
  const { redis, instanceId: self, leaseMs, log } = deps;
  const token = randomBytes(12).toString('hex');
  const own = keys.processing(self);

  const recover = async (dead: string) => {
    let moved = 0;
    for (;;) {
      const item = await redis.sendCommand(['LMOVE', keys.processing(dead), own, 'LEFT', 'RIGHT']);
      if (typeof item !== 'string') break;
      moved++;
      deps.metrics.recovered.inc();
      await deps.route(item);
    }
    await FORGET.run(redis, [keys.lease(dead), keys.processing(dead), keys.instances], [dead]);
    if (moved) log.warn('recovered items of a dead instance', { dead, items: moved });
  };

  return {
    async acquire() {
      const deadline = Date.now() + leaseMs + 1_000;
      for (;;) {
        const ok = await redis.sendCommand(['SET', keys.lease(self), token, 'NX', 'PX', String(leaseMs)]);
        if (ok === 'OK') break;
        if (Date.now() > deadline) throw new InstanceIdInUse(`BRIDGE_INSTANCE_ID ${self} is held by a running instance`);
        await deps.sleep(250);
      }
      await redis.sendCommand(['SADD', keys.instances, self]);
    },
    async tick() {
      try {
        const r = await REFRESH.run(redis, [keys.lease(self)], [token, String(leaseMs)]);
        if (Number(r) === 2) log.warn('lease had expired (a pause longer than the lease?); taken again');
        if (Number(r) === -1) log.error('lease is held by another process with the same BRIDGE_INSTANCE_ID');
        await redis.sendCommand(['SADD', keys.instances, self]);
        // An array, or a Set under RESP3 with some type mappings.
        const members = [...((await redis.sendCommand(['SMEMBERS', keys.instances])) as Iterable<string>)].map(String);
        for (const id of members) {
          if (id === self) continue;
          if (Number(await redis.sendCommand(['EXISTS', keys.lease(id)])) === 0) await recover(id);
        }
      } catch (error) {
        log.error('lease refresh or recovery failed', { error: errorText(error) });
      }
    },
    async leftovers() {
      return ((await redis.sendCommand(['LRANGE', own, '0', '-1'])) as unknown[]).map(String);
    },
    async release() {
      await RELEASE.run(redis, [keys.lease(self), own, keys.instances], [token, self]);
    },
  };
}
