import { createHash } from 'node:crypto';
import { keys } from './keys';
import { defineScript, toStreamEntries, type RedisCommands, type StreamEntry } from './redis-client';

/**
 * An agent's inbox: a Redis Stream per extension holding exactly the notifications that are parked
 * and not acked. Parking is exactly-once per item: the script sets the item's dedupe key and adds
 * the entry in one step, so an instance that crashed after parking but before removing the item
 * from its processing list parks nothing the second time.
 */

/** How long a parked item's dedupe key lives: longer than any crash-to-recovery gap we expect. */
export const SEEN_TTL_SECONDS = 86_400;

const PARK = defineScript(`
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then
  return redis.call('XADD', KEYS[2], '*', 'item', ARGV[2], 'takenAt', ARGV[3])
end
return false`);

// Entries older than the window are the unacked ones that expired (acked ones are XDEL'd already):
// XTRIM's count is what this caller removed, so two instances sweeping at once never count one twice.
const TRIM = defineScript(`
local removed = redis.call('XTRIM', KEYS[1], 'MINID', ARGV[1])
local left = redis.call('XLEN', KEYS[1])
if left == 0 then redis.call('DEL', KEYS[1]) end
return {removed, left}`);

// Forget an inbox in the sweep list only if nothing was parked since the sweep read its score.
const FORGET = defineScript(`
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if score and tonumber(score) <= tonumber(ARGV[2]) then return redis.call('ZREM', KEYS[1], ARGV[1]) end
return 0`);

export function itemDigest(item: string): string {
  return createHash('sha256').update(item).digest('hex');
}

export interface Inbox {
  /** Parks one item for `ext`: the new entry id, or null when it was parked before (a retry). */
  park(ext: string, item: string, takenAt: number): Promise<string | null>;
  /** Puts the inbox on the sweep list (another hash slot, so not in the park script). */
  track(ext: string, at: number): Promise<void>;
  /** Entries after `afterId` (exclusive) or, without it, from `sinceMs` on, oldest first. */
  read(ext: string, from: { afterId: string } | { sinceMs: number }, count: number): Promise<StreamEntry[]>;
  ack(ext: string, id: string): Promise<boolean>;
  /** Removes entries older than `beforeMs`; returns how many were removed (= missed) and how many are left. */
  trim(ext: string, beforeMs: number): Promise<{ removed: number; left: number }>;
  /** Inboxes that had something parked, with their last park time. */
  listInboxes(): Promise<{ ext: string; lastParkMs: number }[]>;
  forgetInbox(ext: string, lastParkMs: number): Promise<void>;
}

export function createInbox(deps: { redis: RedisCommands }): Inbox {
  const { redis } = deps;
  return {
    async park(ext, item, takenAt) {
      const id = await PARK.run(redis, [keys.seen(ext, itemDigest(item)), keys.inbox(ext)], [String(SEEN_TTL_SECONDS), item, String(takenAt)]);
      return typeof id === 'string' ? id : null;
    },
    async track(ext, at) {
      await redis.sendCommand(['ZADD', keys.inboxes, String(at), ext]);
    },
    async read(ext, from, count) {
      const start = 'afterId' in from ? `(${from.afterId}` : `${Math.max(0, Math.floor(from.sinceMs))}-0`;
      return toStreamEntries(await redis.sendCommand(['XRANGE', keys.inbox(ext), start, '+', 'COUNT', String(count)]));
    },
    async ack(ext, id) {
      return Number(await redis.sendCommand(['XDEL', keys.inbox(ext), id])) > 0;
    },
    async trim(ext, beforeMs) {
      const reply = (await TRIM.run(redis, [keys.inbox(ext)], [`${Math.floor(beforeMs)}-0`])) as [number, number];
      return { removed: Number(reply[0]), left: Number(reply[1]) };
    },
    async listInboxes() {
      // RESP2 answers [member, score, ...], RESP3 [[member, score], ...].
      const reply = (await redis.sendCommand(['ZRANGE', keys.inboxes, '0', '-1', 'WITHSCORES'])) as unknown[];
      const flat = reply.flatMap((x) => (Array.isArray(x) ? x : [x]));
      const out: { ext: string; lastParkMs: number }[] = [];
      for (let i = 0; i + 1 < flat.length; i += 2) out.push({ ext: String(flat[i]), lastParkMs: Number(flat[i + 1]) });
      return out;
    },
    async forgetInbox(ext, lastParkMs) {
      await FORGET.run(redis, [keys.inboxes], [ext, String(lastParkMs)]);
    },
  };
}
