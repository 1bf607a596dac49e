import { decodeRedisNotification } from '../lib/call-notification';
import type { Inbox } from './inbox';
import { keys } from './keys';
import type { Logger } from './logger';
import type { BridgeMetrics } from './metrics';
import { defineScript, type RedisCommands } from './redis-client';
import { EXT_PATTERN } from './tokens';

/** The dead-letter list keeps the newest entries only: a PBX stuck on a bad format cannot fill Redis. */
export const DEAD_LETTER_MAX = 10_000;

// Dead-lettering and leaving the processing list are one step (same hash slot), so a crash
// between them cannot dead-letter an item twice.
const DEAD_LETTER = defineScript(`
redis.call('RPUSH', KEYS[1], ARGV[1])
redis.call('LTRIM', KEYS[1], -tonumber(ARGV[3]), -1)
redis.call('LREM', KEYS[2], 1, ARGV[2])
return 1`);

/**
 * What happens to one item taken from the PBX's list into a processing list: decoded with the
 * extension's own decoder, then parked in the agent's inbox (and the agents woken) or dead-lettered;
 * only then removed from the processing list. Throws on Redis errors, leaving the item where it is.
 */
export interface Router {
  route(item: string, processingKey: string, takenAt: number): Promise<'parked' | 'duplicate' | 'dead'>;
}

export function createRouter(deps: {
  redis: RedisCommands;
  inbox: Inbox;
  metrics: BridgeMetrics;
  log: Logger;
  now: () => number;
  /** Wakes this instance's connections for ext and the other instances (pub/sub). */
  wake: (ext: string) => Promise<void>;
}): Router {
  const { redis, inbox, metrics, log } = deps;
  const deadLetter = async (item: string, processingKey: string, error: string) => {
    const entry = JSON.stringify({ item, error, at: new Date(deps.now()).toISOString() });
    await DEAD_LETTER.run(redis, [keys.dead, processingKey], [entry, item, String(DEAD_LETTER_MAX)]);
    metrics.deadLettered.inc();
    log.warn('dead-lettered', { error, bytes: item.length });
  };
  return {
    async route(item, processingKey, takenAt) {
      const decoded = decodeRedisNotification(item);
      if (!decoded.ok) {
        metrics.decodeErrors.inc();
        await deadLetter(item, processingKey, decoded.error);
        return 'dead';
      }
      const ext = decoded.call.ext;
      if (!EXT_PATTERN.test(ext)) {
        await deadLetter(item, processingKey, 'payload.ref is not an extension (1-32 of A-Z a-z 0-9 . _ + -)');
        return 'dead';
      }
      const id = await inbox.park(ext, item, takenAt);
      // Sent together (one write; Redis runs them in this order). Tracked and woken for a repeat
      // too: the crash may have come between parking and either of them.
      await Promise.all([inbox.track(ext, takenAt), redis.sendCommand(['LREM', processingKey, '1', item]), deps.wake(ext)]);
      if (id === null) {
        metrics.duplicates.inc();
        log.info('already parked', { ext });
        return 'duplicate';
      }
      metrics.parked.inc();
      log.debug('parked', { ext, id });
      return 'parked';
    },
  };
}
