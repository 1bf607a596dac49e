import { describe, expect, it } from 'vitest';
import { heapGrowthPerCall, type HeapReading } from '../../bench/heap';

describe('bench heap growth per call', () => {
  it('is the slope of the readings in the second half of the calls, without the idle reading', () => {
    const readings: HeapReading[] = [
      { calls: 0, bytes: 3_500_000 },
      { calls: 25, bytes: 3_900_000 }, // warm-up: left out
      { calls: 50, bytes: 4_000_000 },
      { calls: 75, bytes: 4_025_000 },
      { calls: 100, bytes: 4_050_000 },
      { calls: 100, bytes: 4_200_000, idle: true },
    ];
    expect(heapGrowthPerCall(readings, 100)).toBeCloseTo(1_000);
  });

  it('fits a line through noisy readings rather than taking the ends', () => {
    const readings: HeapReading[] = [50, 60, 70, 80, 90, 100].map((calls, i) => ({ calls, bytes: 4_000_000 + (i % 2 ? 8_000 : -8_000) }));
    // Ends alone would say (8000 + 8000) / 50 = 320 B/call; the fit sees almost none.
    expect(Math.abs(heapGrowthPerCall(readings, 100)!)).toBeLessThan(200);
  });

  it('is undefined with fewer than two readings to fit', () => {
    expect(heapGrowthPerCall([{ calls: 0, bytes: 1 }, { calls: 2, bytes: 2 }], 4)).toBeUndefined();
    expect(heapGrowthPerCall([{ calls: 2, bytes: 1 }, { calls: 2, bytes: 2, idle: true }], 2)).toBeUndefined();
  });
});
