import { keys } from './keys';
import { errorText, type Logger } from './logger';
import type { BridgeMetrics } from './metrics';
import type { RedisCommands } from './redis-client';
import type { Router } from './router';

/** Items routed at once; BLMOVE waits while this many are in flight. */
export const MAX_IN_FLIGHT = 64;
/** After a BLMOVE returns, up to this many more are taken with LMOVE in one round trip. */
export const TAKE_BATCH = 16;
/** BLMOVE's timeout: how long a shutdown may wait for the blocked call to return. */
const BLOCK_SECONDS = '1';

/**
 * Takes items from `enigma:notifications:inbound` into this instance's processing list with BLMOVE
 * (on its own connection: a blocking command holds the connection), then, while the list has more,
 * LMOVEs in batches, and hands each to the router.
 * An item leaves the processing list only when the router has parked or dead-lettered it; when
 * routing fails (Redis gone), it is retried here with a backoff, and if this process dies the item
 * is still in the processing list for recovery.
 */
export interface Taker {
  start(): void;
  /** Stops taking, then waits for the items in flight. */
  stop(): Promise<void>;
  /** Routes one item already in this instance's processing list (recovery), with retries. */
  routeWithRetry(item: string, takenAt: number): Promise<void>;
}

export function createTaker(deps: {
  blocking: RedisCommands;
  router: Router;
  metrics: BridgeMetrics;
  log: Logger;
  instanceId: string;
  popEnd: 'left' | 'right';
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}): Taker {
  const { blocking, router, log } = deps;
  const processing = keys.processing(deps.instanceId);
  const from = deps.popEnd === 'left' ? 'LEFT' : 'RIGHT';
  const inFlight = new Set<Promise<void>>();
  let running = false;
  let stopping = false;
  let loop: Promise<void> | null = null;

  const routeWithRetry = async (item: string, takenAt: number) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await router.route(item, processing, takenAt);
        return;
      } catch (error) {
        // Stopping: leave it in the processing list; the next start (or another instance) takes it.
        if (stopping && attempt > 0) return;
        log.error('routing failed; retrying', { error: errorText(error), attempt });
        await deps.sleep(Math.min(5_000, 100 * 2 ** attempt));
      }
    }
  };

  const track = (item: string, takenAt: number) => {
    const p = routeWithRetry(item, takenAt).finally(() => inFlight.delete(p));
    inFlight.add(p);
  };

  const run = async () => {
    let failures = 0;
    while (running) {
      if (inFlight.size >= MAX_IN_FLIGHT) {
        await Promise.race(inFlight);
        continue;
      }
      let item: unknown;
      try {
        item = await blocking.sendCommand(['BLMOVE', keys.source, processing, from, 'RIGHT', BLOCK_SECONDS]);
        failures = 0;
      } catch (error) {
        if (!running) break;
        failures++;
        log.error('taking from the list failed', { error: errorText(error) });
        await deps.sleep(Math.min(5_000, 100 * 2 ** failures));
        continue;
      }
      if (typeof item !== 'string') continue;
      take(item);
      // A burst: take what else is there without blocking, pipelined in one write (in order).
      const room = Math.min(TAKE_BATCH, MAX_IN_FLIGHT - inFlight.size);
      if (room <= 0 || !running) continue;
      try {
        const more = await Promise.all(Array.from({ length: room }, () => blocking.sendCommand(['LMOVE', keys.source, processing, from, 'RIGHT'])));
        for (const m of more) if (typeof m === 'string') take(m);
      } catch (error) {
        log.error('taking from the list failed', { error: errorText(error) });
      }
    }
  };

  const take = (item: string) => {
    deps.metrics.taken.inc();
    track(item, deps.now());
  };

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      stopping = true;
      await loop;
      await Promise.all([...inFlight]);
    },
    routeWithRetry,
  };
}
