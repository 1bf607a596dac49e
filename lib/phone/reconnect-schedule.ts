/**
 * When to try the PBX (or the bridge) again after the connection is lost.
 *
 * An exponential backoff decides the wait by the number of failed tries, so the longer the
 * outage, the longer the agent stays offline after the PBX is back (measured with the old
 * 250 ms-doubling-to-30 s schedule: 2.2 s after a 2 s outage, 7.6 s after 10 s, up to 30 s).
 * A call centre restarts its PBX at night and after updates; calls in that window are lost.
 * So the wait here depends on how long the outage has lasted, not on how many tries failed:
 *
 *   outage age   0        first retry after ~250 ms (a blip, a PBX restart that is quick)
 *                < 5 min  about every 1 s   -> back within ~1.5 s of the PBX listening again
 *                < 30 min about every 5 s   -> a PBX that stays down is not hammered
 *                later    about every 15 s
 *
 * Each wait is spread uniformly over ±50 % of its nominal value, so 300 agents who lost the PBX
 * at the same moment spread their tries over the second instead of arriving together, and on
 * average each makes one try per nominal interval. A refused TCP connection costs the PBX
 * almost nothing; a half-open one is cut by the connection timeout (a setting), and the wait
 * starts after that. reset() once registered again (the next outage starts from the top).
 */
export interface ReconnectStep {
  /** This interval applies while the outage is younger than this. */
  untilMs: number;
  everyMs: number;
}

export interface ReconnectScheduleOptions {
  /** The first try after the loss. Jitter only adds to it, as the PBX may be restarting. */
  firstMs: number;
  steps: readonly ReconnectStep[];
  /** The interval once the outage is older than the last step. */
  finalEveryMs: number;
  /** Fraction 0..1: each wait is drawn from [every * (1 - jitter), every * (1 + jitter)]. */
  jitter: number;
}

export const RECONNECT_SCHEDULE: ReconnectScheduleOptions = {
  firstMs: 250,
  steps: [
    { untilMs: 5 * 60_000, everyMs: 1_000 },
    { untilMs: 30 * 60_000, everyMs: 5_000 },
  ],
  finalEveryMs: 15_000,
  jitter: 0.5,
};

export class ReconnectSchedule {
  /** When the outage began (the first next() since the last reset), or undefined while connected. */
  private since: number | undefined;

  constructor(
    private readonly options: ReconnectScheduleOptions,
    private readonly now: () => number,
    private readonly random: () => number = Math.random,
  ) {}

  /** The wait before the next try; the first call after reset() starts the outage's clock. */
  next(): number {
    const { firstMs, jitter } = this.options;
    if (this.since === undefined) {
      this.since = this.now();
      return Math.round(firstMs * (1 + jitter * this.random()));
    }
    const every = this.intervalAt(this.now() - this.since);
    return Math.round(every * (1 - jitter + 2 * jitter * this.random()));
  }

  /** How long the current outage has lasted (0 when there is none). */
  outageMs(): number {
    return this.since === undefined ? 0 : this.now() - this.since;
  }

  reset(): void {
    this.since = undefined;
  }

  private intervalAt(ageMs: number): number {
    for (const step of this.options.steps) if (ageMs < step.untilMs) return step.everyMs;
    return this.options.finalEveryMs;
  }
}
