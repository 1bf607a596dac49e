/**
 * Fixed-window counter per key (an address): `allow(key)` is false once `limit` hits were counted
 * for that key within the current `windowMs`. Used for bad tokens, so guessing at tokens costs a
 * client its address's access for a minute. Bounded: at most `maxKeys` addresses are tracked, the
 * oldest windows are dropped first (a flood of addresses cannot grow memory without end).
 */
export interface RateLimiter {
  /** Counts one hit; true while the key is within its limit. */
  hit(key: string): boolean;
  /** True when the key is over its limit now (without counting). */
  blocked(key: string): boolean;
}

export function createRateLimiter(opts: { limit: number; windowMs: number; now: () => number; maxKeys?: number }): RateLimiter {
  const maxKeys = opts.maxKeys ?? 10_000;
  const windows = new Map<string, { start: number; count: number }>();
  const current = (key: string) => {
    const w = windows.get(key);
    if (w && opts.now() - w.start < opts.windowMs) return w;
    if (w) windows.delete(key);
    return undefined;
  };
  return {
    hit(key) {
      let w = current(key);
      if (!w) {
        if (windows.size >= maxKeys) windows.delete(windows.keys().next().value!);
        w = { start: opts.now(), count: 0 };
        windows.set(key, w);
      }
      w.count += 1;
      return w.count <= opts.limit;
    },
    blocked(key) {
      const w = current(key);
      return w !== undefined && w.count >= opts.limit;
    },
  };
}
