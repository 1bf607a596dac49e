import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RECONNECT_SCHEDULE, ReconnectSchedule } from '../../../lib/phone/reconnect-schedule';

/** A schedule on a clock the test moves: each wait is "spent" before the next try is asked for. */
function run(random: () => number, tries: number) {
  let now = 0;
  const schedule = new ReconnectSchedule(RECONNECT_SCHEDULE, () => now, random);
  const waits: number[] = [];
  for (let i = 0; i < tries; i++) {
    const wait = schedule.next();
    waits.push(wait);
    now += wait;
  }
  return { waits, schedule, elapsed: () => now };
}

describe('ReconnectSchedule', () => {
  it('tries after 250 ms first, then every second (no jitter drawn: random 0.5)', () => {
    expect(run(() => 0.5, 6).waits).toEqual([313, 1_000, 1_000, 1_000, 1_000, 1_000]);
  });

  it('jitter spreads a wait over ±50 % of a second; the first try is never sooner than 250 ms', () => {
    expect(run(() => 0, 3).waits).toEqual([250, 500, 500]);
    expect(run(() => 0.999_999, 3).waits).toEqual([375, 1_500, 1_500]);
  });

  it('slows to about 5 s after 5 minutes and 15 s after 30 minutes of outage', () => {
    let now = 0;
    const schedule = new ReconnectSchedule(RECONNECT_SCHEDULE, () => now, () => 0.5);
    schedule.next();
    now = 4 * 60_000;
    expect(schedule.next()).toBe(1_000);
    now = 5 * 60_000;
    expect(schedule.next()).toBe(5_000);
    now = 30 * 60_000;
    expect(schedule.next()).toBe(15_000);
    expect(schedule.outageMs()).toBe(30 * 60_000);
  });

  it('reset() ends the outage: the next loss starts with the quick first try again', () => {
    const { schedule } = run(() => 0.5, 5);
    schedule.reset();
    expect(schedule.outageMs()).toBe(0);
    expect(schedule.next()).toBe(313);
  });

  it('makes at most ~1 try a second in the first 5 minutes, whatever the jitter draws', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 400, maxLength: 400 }), (randoms) => {
        let i = 0;
        const { waits } = run(() => randoms[i++] ?? 0.5, 199);
        // After the first, every wait is at least half a second and at most 1.5 s: the PBX is back
        // in the agent's hands within 1.5 s (+ the connect) of listening again.
        for (const wait of waits.slice(1)) {
          expect(wait).toBeGreaterThanOrEqual(500);
          expect(wait).toBeLessThanOrEqual(1_500);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('on average one try a second over a 5-minute outage (300 agents spread out, not in step)', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return (seed - 1) / 2147483646;
    };
    // 250 tries stay inside the first 5 minutes (later ones slow down to ~5 s).
    const { waits, elapsed } = run(random, 250);
    expect(elapsed()).toBeLessThan(5 * 60_000);
    const mean = waits.slice(1).reduce((a, b) => a + b, 0) / (waits.length - 1);
    expect(mean).toBeGreaterThan(900);
    expect(mean).toBeLessThan(1_100);
  });
});
