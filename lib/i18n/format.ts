/**
 * Numbers, durations and times as the agent's language writes them (Intl), for the popup, the
 * options page and the caller panel. `locale` is passed in (the browser's UI language in the
 * extension, a fixed one in tests), so these stay pure.
 */

/** 1234 -> '1,234' (en), '1.234' (de), '1 234' (fr). */
export function formatCount(value: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value);
}

interface DurationFormatLike {
  format(duration: { hours?: number; minutes?: number; seconds?: number }): string;
}
type DurationFormatCtor = new (locale: string, options: { style: 'narrow' | 'short' | 'long' }) => DurationFormatLike;

/**
 * A call's length in whole seconds: '1 min 5 s' style, per locale. Intl.DurationFormat where the
 * engine has it (Chromium, Firefox); else the units one by one with NumberFormat (Node 20 in unit
 * tests, older engines). `durationFormat` is injectable so both paths are tested.
 */
export function formatDuration(
  totalSec: number,
  locale: string,
  durationFormat: DurationFormatCtor | undefined = (Intl as { DurationFormat?: DurationFormatCtor }).DurationFormat,
): string {
  const sec = Math.max(0, Math.floor(Number.isFinite(totalSec) ? totalSec : 0));
  const parts = { hours: Math.floor(sec / 3600), minutes: Math.floor((sec % 3600) / 60), seconds: sec % 60 };
  // Zero units are left out, but a zero-length call still reads '0 s'.
  const shown = Object.fromEntries(Object.entries(parts).filter(([unit, n]) => n > 0 || (unit === 'seconds' && sec === 0)));
  // DurationFormat leaves zero units out, so a zero-length call would read '': the unit path says '0 s'.
  if (durationFormat && sec > 0) return new durationFormat(locale, { style: 'short' }).format(shown);
  const units = { hours: 'hour', minutes: 'minute', seconds: 'second' } as const;
  return Object.entries(shown)
    .map(([unit, n]) => new Intl.NumberFormat(locale, { style: 'unit', unit: units[unit as keyof typeof units], unitDisplay: 'short' }).format(n))
    .join(' ');
}

/** A short time such as a test's round trip: '48 ms' in the locale's words. */
export function formatMilliseconds(ms: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'unit', unit: 'millisecond', unitDisplay: 'short', maximumFractionDigits: 0 }).format(Math.max(0, ms));
}

/** Time of day of a call, '14:05' / '2:05 PM' as the locale writes it. */
export function formatTimeOfDay(at: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' }).format(new Date(at));
}
