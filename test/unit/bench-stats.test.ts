import { describe, expect, it } from 'vitest';
import { percentile, ratios, rounded, summarize } from '../../bench/stats';

describe('bench statistics', () => {
  it('takes nearest-rank percentiles: every figure is a measured sample', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100
    const s = summarize([...samples].reverse());
    expect(s).toMatchObject({ n: 100, p50: 50, p95: 95, p99: 99, max: 100, min: 1, mean: 50.5 });
    expect(percentile([3, 7], 50)).toBe(3);
    expect(percentile([3, 7], 51)).toBe(7);
    expect(percentile([5], 99)).toBe(5);
  });

  it('refuses no samples, non-finite samples and impossible percentiles', () => {
    expect(() => summarize([])).toThrow('no samples');
    expect(() => summarize([1, Number.NaN])).toThrow('not finite');
    expect(() => percentile([1], 0)).toThrow('out of range');
    expect(() => percentile([1], 101)).toThrow('out of range');
  });

  it('gives ours/baseline ratios and rounds for the report', () => {
    const ours = summarize([10, 20, 30]);
    const base = summarize([5, 10, 10]);
    expect(ratios(ours, base)).toEqual({ p50: 2, p95: 3, p99: 3 });
    expect(ratios(ours, summarize([0])).p50).toBe(Number.POSITIVE_INFINITY);
    expect(rounded({ a: 1.26, b: 2 })).toEqual({ a: 1.3, b: 2 });
  });
});
