/**
 * Exponential backoff with jitter for the slow auth retries (reconnects follow the outage's age
 * instead: reconnect-schedule.ts).
 *
 * attempt n waits base(n) = min(maxMs, initialMs * factor^n), plus up to `jitter * base(n)`
 * on top. Jitter only ever adds, so a schedule's first delay is a floor the PBX can rely on
 * (auth retries: never sooner than 60 s), and agents reconnecting after one PBX restart
 * spread out instead of arriving together. reset() after a successful REGISTER.
 */
export interface BackoffOptions {
  initialMs: number;
  factor: number;
  maxMs: number;
  /** Fraction of the base delay added at random, 0..1. */
  jitter: number;
}

/** Wrong credentials do not fix themselves: 60 s, 120 s, ... 5 min, so a locked-out agent does not hammer the PBX. */
export const AUTH_RETRY_BACKOFF: BackoffOptions = { initialMs: 60_000, factor: 2, maxMs: 300_000, jitter: 0.1 };

export class Backoff {
  private attempt = 0;

  constructor(
    private readonly options: BackoffOptions,
    private readonly random: () => number = Math.random,
  ) {}

  /** Delay before the next attempt; each call counts one attempt. */
  next(): number {
    const { initialMs, factor, maxMs, jitter } = this.options;
    const base = Math.min(maxMs, initialMs * factor ** this.attempt);
    if (base < maxMs) this.attempt++;
    return Math.round(base * (1 + jitter * this.random()));
  }

  reset(): void {
    this.attempt = 0;
  }
}
