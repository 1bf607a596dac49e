import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'redis';
import type { BridgeConfig } from './config';
import { createHttpServer } from './http-server';
import { createHub } from './hub';
import { createInbox } from './inbox';
import { keys } from './keys';
import { createLease } from './lease';
import { errorText, type Logger } from './logger';
import { createMetrics } from './metrics';
import { createRateLimiter } from './rate-limiter';
import { loadScripts } from './redis-client';
import { redactRedisUrl } from './redis-url';
import { createRouter } from './router';
import { createSweeper } from './sweeper';
import { createTaker } from './taker';

/** Re-reads every connection's inbox this often: the backstop for a lost pub/sub wake-up. */
export const SLOW_PUMP_MS = 5_000;
/** Bad tokens allowed per address per minute before 429. */
export const BAD_TOKENS_PER_MINUTE = 10;

/**
 * Wires the bridge: three Redis connections (commands; BLMOVE, which blocks its connection;
 * pub/sub, which takes over its connection), the taker, the lease and recovery, the sweeper, the
 * HTTP/WebSocket server. `stop()` drains: no new items taken, items in flight finished, agents
 * told 1001 (reconnect elsewhere), lease released.
 */
export async function startService(config: BridgeConfig, log: Logger) {
  const now = () => Date.now();
  const redis = createClient({ url: config.redisUrl });
  const blocking = redis.duplicate();
  const subscriber = redis.duplicate();
  for (const [name, client] of [['commands', redis], ['blocking', blocking], ['pubsub', subscriber]] as const) {
    client.on('error', (error) => log.warn('redis connection error', { connection: name, error: errorText(error) }));
    client.on('reconnecting', () => log.info('redis reconnecting', { connection: name }));
  }
  log.info('connecting to redis', { redis: redactRedisUrl(config.redisUrl) });
  await Promise.all([redis.connect(), blocking.connect(), subscriber.connect()]);

  const commands = { sendCommand: (args: string[]) => redis.sendCommand(args) as Promise<unknown> };
  await loadScripts(commands);
  const metrics = createMetrics({ queueLength: async () => Number(await redis.sendCommand(['LLEN', keys.source])) });
  const inbox = createInbox({ redis: commands });
  const hub = createHub({ metrics });
  const router = createRouter({
    redis: commands,
    inbox,
    metrics,
    log,
    now,
    wake: async (ext) => {
      hub.wake(ext);
      await redis.sendCommand(['PUBLISH', keys.wake, ext]);
    },
  });
  const taker = createTaker({
    blocking: { sendCommand: (args) => blocking.sendCommand(args) as Promise<unknown> },
    router,
    metrics,
    log,
    instanceId: config.instanceId,
    popEnd: config.popEnd,
    now,
    sleep: (ms) => sleep(ms),
  });
  const lease = createLease({
    redis: commands,
    instanceId: config.instanceId,
    leaseMs: config.leaseMs,
    log,
    metrics,
    sleep: (ms) => sleep(ms),
    route: (item) => taker.routeWithRetry(item, now()),
  });
  const sweeper = createSweeper({ inbox, metrics, log, now, parkSeconds: config.parkSeconds });

  await subscriber.subscribe(keys.wake, (ext) => hub.wake(ext));
  // After a reconnect, wake-ups sent meanwhile are lost: re-read every inbox.
  subscriber.on('ready', () => hub.wakeAll());

  await lease.acquire();
  const leftovers = await lease.leftovers();
  if (leftovers.length) log.warn('routing items left by a previous process with this id', { items: leftovers.length });
  for (const item of leftovers) await taker.routeWithRetry(item, now());
  await lease.tick();
  taker.start();

  const server = createHttpServer({
    tls: config.tls,
    secret: config.secret,
    instanceId: config.instanceId,
    parkSeconds: config.parkSeconds,
    trustProxy: config.trustProxy,
    hub,
    inbox,
    metrics,
    badTokens: createRateLimiter({ limit: BAD_TOKENS_PER_MINUTE, windowMs: 60_000, now }),
    log,
    now,
    redisHealthy: async () => {
      try {
        const pong = await Promise.race([redis.ping(), sleep(1_000).then(() => 'timeout')]);
        return pong === 'PONG';
      } catch {
        return false;
      }
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.listen.port, config.listen.host, () => resolve());
  });
  const address = server.address() as AddressInfo;

  const timers = [
    setInterval(exclusive(() => lease.tick()), Math.max(250, Math.floor(config.leaseMs / 3))),
    setInterval(exclusive(() => sweeper.sweep()), Math.min(5_000, Math.max(250, config.parkSeconds * 250))),
    setInterval(() => hub.wakeAll(), SLOW_PUMP_MS),
  ];
  log.info('listening', {
    host: address.address,
    port: address.port,
    tls: config.tls !== null,
    instance: config.instanceId,
    parkSeconds: config.parkSeconds,
    popEnd: config.popEnd,
  });

  return {
    port: address.port,
    async stop() {
      log.info('draining');
      server.close();
      await taker.stop();
      for (const t of timers) clearInterval(t);
      await hub.closeAll(1001, 'bridge shutting down');
      server.closeAllConnections();
      await lease.release().catch((error) => log.warn('releasing the lease failed', { error: errorText(error) }));
      await Promise.allSettled([subscriber.close(), blocking.close(), redis.close()]);
      log.info('stopped');
    },
  };
}

/** A timer task that skips its turn while the previous run is still going (a long recovery, a slow Redis). */
function exclusive(task: () => Promise<unknown>): () => void {
  let running = false;
  return () => {
    if (running) return;
    running = true;
    void task().finally(() => (running = false));
  };
}
