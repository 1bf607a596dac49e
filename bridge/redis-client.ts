import { createHash } from 'node:crypto';

/**
 * The one thing the bridge's Redis code needs from a connection: send a command, get the reply.
 * node-redis clients satisfy it (`client.sendCommand`); unit tests can pass a fake. Keeping to raw
 * commands keeps every key and argument visible next to the logic that uses it.
 */
export interface RedisCommands {
  sendCommand(args: string[]): Promise<unknown>;
}

/**
 * A Lua script run with EVALSHA. All are loaded at start (loadScripts): a script loaded on first use
 * would have its first calls answered NOSCRIPT and sent again with EVAL, after later calls, and items
 * taken in order would be parked out of order. NOSCRIPT is still handled (a Redis restart).
 */
export interface Script {
  run(redis: RedisCommands, keys: string[], args: string[]): Promise<unknown>;
}

const defined: string[] = [];

export async function loadScripts(redis: RedisCommands): Promise<void> {
  for (const lua of defined) await redis.sendCommand(['SCRIPT', 'LOAD', lua]);
}

export function defineScript(lua: string): Script {
  const sha = createHash('sha1').update(lua).digest('hex');
  defined.push(lua);
  return {
    async run(redis, keys, args) {
      const tail = [String(keys.length), ...keys, ...args];
      try {
        return await redis.sendCommand(['EVALSHA', sha, ...tail]);
      } catch (error) {
        if (!String((error as Error).message).startsWith('NOSCRIPT')) throw error;
        return redis.sendCommand(['EVAL', lua, ...tail]);
      }
    },
  };
}

export interface StreamEntry {
  id: string;
  fields: Record<string, string>;
}

/** XRANGE's raw reply ([[id, [k, v, ...]], ...]) as entries; anything else as no entries. */
export function toStreamEntries(reply: unknown): StreamEntry[] {
  if (!Array.isArray(reply)) return [];
  const out: StreamEntry[] = [];
  for (const row of reply) {
    if (!Array.isArray(row) || typeof row[0] !== 'string' || !Array.isArray(row[1])) continue;
    const fields: Record<string, string> = Object.create(null);
    const flat = row[1] as unknown[];
    for (let i = 0; i + 1 < flat.length; i += 2) fields[String(flat[i])] = String(flat[i + 1]);
    out.push({ id: row[0], fields });
  }
  return out;
}

/** Milliseconds part of a stream id (`1764629000000-0` -> 1764629000000). */
export function entryTime(id: string): number {
  return Number(id.slice(0, id.indexOf('-')));
}
