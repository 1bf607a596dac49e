import type { Clock } from '../phone/types';

/**
 * Frames to the bridge, at most `perSecond` in any second: the bridge closes a connection that
 * sends more than 20 a second (1008), and a reconnect can bring a burst of parked entries whose
 * acks would all go out at once. Extra frames wait their turn, in order.
 */
export class OutboundLimit {
  private readonly sentAt: number[] = [];
  private readonly queue: string[] = [];
  private timer: unknown;

  constructor(
    private readonly clock: Clock,
    private readonly write: (frame: string) => void,
    private readonly perSecond = 15,
  ) {}

  send(frame: string): void {
    this.queue.push(frame);
    this.flush();
  }

  dispose(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
  }

  private flush(): void {
    const now = this.clock.now();
    while (this.sentAt.length > 0 && (this.sentAt[0] ?? 0) <= now - 1000) this.sentAt.shift();
    while (this.queue.length > 0 && this.sentAt.length < this.perSecond) {
      const frame = this.queue.shift() as string;
      this.sentAt.push(now);
      try {
        this.write(frame);
      } catch {
        // The socket is closing; its close handler reconnects and the bridge resends what is unacked.
      }
    }
    if (this.queue.length > 0 && this.timer === undefined) {
      const wait = Math.max(1, (this.sentAt[0] ?? now) + 1000 - now);
      this.timer = this.clock.setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, wait);
    }
  }
}
