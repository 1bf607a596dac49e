/**
 * Summaries of latency samples for the benchmark report. Percentiles by the nearest-rank method:
 * every figure printed is a time that was actually measured, not an interpolation between two.
 */
export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  min: number;
  mean: number;
}

/** The nearest-rank percentile `p` (0 < p <= 100) of samples sorted ascending. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error('no samples');
  if (!(p > 0 && p <= 100)) throw new Error(`percentile out of range: ${p}`);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(samples: readonly number[]): Summary {
  const finite = samples.filter((s) => Number.isFinite(s));
  if (finite.length !== samples.length) throw new Error(`${samples.length - finite.length} samples are not finite numbers`);
  const sorted = [...finite].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1]!,
    min: sorted[0]!,
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
  };
}

/** ours / baseline for each of p50, p95, p99 (how many times slower than the bare page). */
export function ratios(ours: Summary, baseline: Summary): { p50: number; p95: number; p99: number } {
  const r = (a: number, b: number) => (b > 0 ? a / b : Number.POSITIVE_INFINITY);
  return { p50: r(ours.p50, baseline.p50), p95: r(ours.p95, baseline.p95), p99: r(ours.p99, baseline.p99) };
}

/** Rounds every number in a summary to 0.1 (for the JSON and the table). */
export function rounded<T extends Record<string, number>>(s: T, digits = 1): T {
  const f = 10 ** digits;
  return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, Math.round(v * f) / f])) as T;
}
