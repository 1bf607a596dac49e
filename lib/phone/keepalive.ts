import type { Clock } from './types';

export interface KeepaliveOptions {
  intervalMs: number;
  timeoutMs: number;
  clock: Clock;
  /** Sends a probe the server must answer (an OPTIONS to the domain). */
  ping: () => void;
  /** Clock time of the last frame received from the server. */
  lastActivity: () => number;
  /** Nothing arrived within timeoutMs of a probe. */
  onDead: () => void;
}

/**
 * Liveness of the signalling connection. A server that freezes (or a NAT that silently drops
 * the mapping) leaves the WebSocket "open" forever: nothing closes it and calls just stop
 * arriving. Every `intervalMs` a probe is sent; if no frame at all has arrived `timeoutMs`
 * later, the connection is declared dead. Worst case detection: interval + timeout.
 *
 * ```txt
 *  stopped ──start()──> waiting ──interval──> probing ──frame seen──> waiting
 *     ^                    │                     │
 *     └──────stop()────────┴─────────────────────┴──no frame in timeout──> onDead(), stopped
 * ```
 */
export class Keepalive {
  private timer: unknown;
  private running = false;

  constructor(private readonly options: KeepaliveOptions) {}

  start(): void {
    this.stop();
    this.running = true;
    this.schedule(this.options.intervalMs);
  }

  stop(): void {
    this.running = false;
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Probe now (e.g. the network just came back and the old connection may be stale). */
  checkNow(): void {
    if (!this.running) return;
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.probe();
  }

  private schedule(ms: number): void {
    this.timer = this.options.clock.setTimeout(() => this.probe(), ms);
  }

  private probe(): void {
    const { clock, ping, lastActivity, timeoutMs, onDead, intervalMs } = this.options;
    const sentAt = clock.now();
    ping();
    this.timer = clock.setTimeout(() => {
      this.timer = undefined;
      if (!this.running) return;
      if (lastActivity() >= sentAt) {
        this.schedule(Math.max(0, intervalMs - timeoutMs));
        return;
      }
      this.running = false;
      onDead();
    }, timeoutMs);
  }
}
