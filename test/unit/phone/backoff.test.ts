import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AUTH_RETRY_BACKOFF, Backoff, type BackoffOptions } from '../../../lib/phone/backoff';

/** A quick doubling schedule, to check the arithmetic on small numbers. */
const QUICK: BackoffOptions = { initialMs: 250, factor: 2, maxMs: 30_000, jitter: 0.2 };

const take = (backoff: Backoff, n: number) => Array.from({ length: n }, () => backoff.next());

describe('Backoff', () => {
  it('starts at initialMs, doubles, caps at 30 s (no jitter drawn)', () => {
    expect(take(new Backoff(QUICK, () => 0), 10)).toEqual([250, 500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('auth retries: 60 s, 120 s, 240 s, then 5 min', () => {
    expect(take(new Backoff(AUTH_RETRY_BACKOFF, () => 0), 5)).toEqual([60_000, 120_000, 240_000, 300_000, 300_000]);
  });

  it('jitter only adds, at most `jitter` of the base delay', () => {
    expect(take(new Backoff(QUICK, () => 0.999_999), 3)).toEqual([300, 600, 1_200]);
    expect(new Backoff(AUTH_RETRY_BACKOFF, () => 0.5).next()).toBe(63_000);
  });

  it('reset() starts the schedule over', () => {
    const backoff = new Backoff(QUICK, () => 0);
    take(backoff, 6);
    backoff.reset();
    expect(take(backoff, 2)).toEqual([250, 500]);
  });

  it('every delay lies within [base, base * (1 + jitter)] and never above cap * (1 + jitter)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1, maxLength: 20 }), (randoms) => {
        let i = 0;
        const backoff = new Backoff(QUICK, () => randoms[i] ?? 0);
        for (; i < randoms.length; i++) {
          const base = Math.min(QUICK.maxMs, QUICK.initialMs * 2 ** i);
          const delay = backoff.next();
          expect(delay).toBeGreaterThanOrEqual(base);
          expect(delay).toBeLessThanOrEqual(Math.round(base * (1 + QUICK.jitter)));
        }
      }),
    );
  });
});
