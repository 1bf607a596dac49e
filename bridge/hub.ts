import type { AgentConnection } from './connection';
import type { BridgeMetrics } from './metrics';

/** At most this many open connections per agent on one instance (tabs, browsers, a reconnect storm). */
export const MAX_CONNECTIONS_PER_AGENT = 8;

/**
 * This instance's agent connections by extension. `wake(ext)` is called when the agent's inbox may
 * have something new (parked here, or a pub/sub message from another instance); `wakeAll` after a
 * Redis reconnect and on a slow timer, so a lost wake-up costs seconds, not a call.
 */
export interface Hub {
  canAccept(ext: string): boolean;
  add(connection: AgentConnection): void;
  wake(ext: string): void;
  wakeAll(): void;
  closeAll(code: number, reason: string): Promise<void>;
  size(): number;
}

export function createHub(deps: { metrics: BridgeMetrics }): Hub {
  const byExt = new Map<string, Set<AgentConnection>>();
  const count = () => {
    deps.metrics.agentsConnected.set(byExt.size);
    let n = 0;
    for (const set of byExt.values()) n += set.size;
    deps.metrics.connections.set(n);
    return n;
  };
  return {
    canAccept: (ext) => (byExt.get(ext)?.size ?? 0) < MAX_CONNECTIONS_PER_AGENT,
    add(connection) {
      let set = byExt.get(connection.ext);
      if (!set) byExt.set(connection.ext, (set = new Set()));
      set.add(connection);
      count();
      void connection.closed.then(() => {
        set.delete(connection);
        if (set.size === 0 && byExt.get(connection.ext) === set) byExt.delete(connection.ext);
        count();
      });
    },
    wake(ext) {
      for (const c of byExt.get(ext) ?? []) c.pump();
    },
    wakeAll() {
      for (const set of byExt.values()) for (const c of set) c.pump();
    },
    async closeAll(code, reason) {
      const all = [...byExt.values()].flatMap((set) => [...set]);
      for (const c of all) c.close(code, reason);
      await Promise.all(all.map((c) => c.closed));
    },
    size: count,
  };
}
