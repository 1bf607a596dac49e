import { describe, expect, it } from 'vitest';
import { formatCount, formatDuration, formatMilliseconds, formatTimeOfDay } from '@/lib/i18n/format';
import { pseudoRtl } from '@/lib/i18n/pseudo-rtl';
import { dialableNumber } from '@/components/popup/dial';

describe('formatCount', () => {
  it('groups digits the way each language writes them', () => {
    expect(formatCount(1234, 'en')).toBe('1,234');
    expect(formatCount(1234, 'de')).toBe('1.234');
    expect(formatCount(12345, 'es')).toBe('12.345');
    // French groups with a narrow no-break space.
    expect(formatCount(1234, 'fr')).toBe('1\u202f234');
    expect(formatCount(42.7, 'en')).toBe('43');
  });
});

describe('formatDuration', () => {
  it('without Intl.DurationFormat: the units one by one, zero units left out', () => {
    expect(formatDuration(65, 'en', undefined)).toBe('1 min 5 sec');
    expect(formatDuration(65, 'de', undefined)).toBe('1 Min. 5 Sek.');
    expect(formatDuration(3600, 'en', undefined)).toBe('1 hr');
    expect(formatDuration(0, 'en', undefined)).toBe('0 sec');
    // Fractions are cut, negative and non-finite read as zero.
    expect(formatDuration(59.9, 'en', undefined)).toBe('59 sec');
    expect(formatDuration(-3, 'en', undefined)).toBe('0 sec');
    expect(formatDuration(Number.NaN, 'en', undefined)).toBe('0 sec');
  });

  it('hands the parts to Intl.DurationFormat where the engine has it', () => {
    const seen: unknown[] = [];
    class FakeDurationFormat {
      constructor(
        readonly locale: string,
        readonly options: unknown,
      ) {
        seen.push([locale, options]);
      }
      format(d: object): string {
        return JSON.stringify(d);
      }
    }
    expect(formatDuration(3725, 'fr', FakeDurationFormat)).toBe('{"hours":1,"minutes":2,"seconds":5}');
    expect(formatDuration(120, 'fr', FakeDurationFormat)).toBe('{"minutes":2}');
    expect(seen[0]).toEqual(['fr', { style: 'short' }]);
    // DurationFormat drops zero units: a zero-length call takes the unit path.
    expect(formatDuration(0, 'en', FakeDurationFormat)).toBe('0 sec');
  });
});

describe('formatMilliseconds', () => {
  it('is a whole number with the locale unit', () => {
    expect(formatMilliseconds(48.4, 'en')).toBe('48 ms');
    expect(formatMilliseconds(1234, 'de')).toBe('1.234 ms');
  });
});

describe('formatTimeOfDay', () => {
  it('is the locale clock: 24 h in German, with AM/PM in English (US)', () => {
    const at = new Date(2026, 0, 5, 14, 5).getTime();
    expect(formatTimeOfDay(at, 'de')).toBe('14:05');
    expect(formatTimeOfDay(at, 'en-US')).toMatch(/^2:05\sPM$/);
  });
});

describe('pseudoRtl', () => {
  it('mirrors the words with RTL overrides and keeps substitutions outside them', () => {
    expect(pseudoRtl('Registered as $1')).toBe('\u200f\u202eRegistered as \u202c$1');
    expect(pseudoRtl('$1 min $2 s')).toBe('\u200f$1\u202e min \u202c$2\u202e s\u202c');
    expect(pseudoRtl('Costs $$5')).toBe('\u200f\u202eCosts \u202c$$\u202e5\u202c');
  });
});

describe('dialableNumber', () => {
  it('drops spacing and brackets, keeps + * #, refuses anything else', () => {
    expect(dialableNumber(' +49 (30) 123-45.67 ')).toBe('+49301234567');
    expect(dialableNumber('*97#')).toBe('*97#');
    expect(dialableNumber('')).toBeNull();
    expect(dialableNumber('12a')).toBeNull();
    expect(dialableNumber('1+2')).toBeNull();
    expect(dialableNumber('1'.repeat(33))).toBeNull();
  });
});
