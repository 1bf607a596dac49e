/**
 * One redis-server and one bridge for a whole test file: started before its tests, the bridge
 * SIGKILLed and Redis stopped after them. Kept out of harness.ts, which the benchmark and the e2e
 * helpers import outside vitest.
 */
import { afterAll, beforeAll } from 'vitest';
import { startBridge, startRedis, type TestBridge, type TestRedis } from './harness';

export function useRedisAndBridge(env: Record<string, string>, started: (parts: { redis: TestRedis; bridge: TestBridge }) => void): void {
  let redis: TestRedis | undefined;
  let bridge: TestBridge | undefined;
  beforeAll(async () => {
    redis = await startRedis();
    bridge = await startBridge({ REDIS_URL: redis.url, ...env });
    started({ redis, bridge });
  });
  afterAll(async () => {
    await bridge?.kill();
    await redis?.stop();
  });
}
