import { cleanText, describeValue, MAX_TEXT_LENGTH } from './clean-text';

/**
 * Reads one raw field (a header value or a JSON value) into clean text or a whole number of seconds,
 * pushing a warning for every change made to it. Callers decide what a missing value falls back to.
 */
export type TextRead =
  | { kind: 'text'; text: string }
  | { kind: 'absent' }
  | { kind: 'empty' }
  | { kind: 'unusable'; got: string };

export function readText(value: unknown, label: string, warnings: string[]): TextRead {
  if (value === undefined || value === null) return { kind: 'absent' };
  let raw: string;
  if (typeof value === 'string') {
    raw = value;
  } else if (typeof value === 'number' && Number.isFinite(value)) {
    // The PBX sometimes sends numbers as JSON numbers: 4471234567 -> "4471234567".
    raw = String(value);
    if (!Number.isSafeInteger(value)) {
      warnings.push(`${label}: the JSON number ${raw} is not a whole number below 2^53; its digits may be wrong`);
    }
  } else {
    return { kind: 'unusable', got: describeValue(value) };
  }
  const cleaned = cleanText(raw);
  if (cleaned.changed > 0) {
    warnings.push(`${label}: removed or replaced ${cleaned.changed} control or invisible character(s)`);
  }
  if (cleaned.cutFrom !== undefined) {
    warnings.push(`${label}: cut to ${MAX_TEXT_LENGTH} characters (was ${cleaned.cutFrom})`);
  }
  return cleaned.text === '' ? { kind: 'empty' } : { kind: 'text', text: cleaned.text };
}

/** Why a read gave no text, for a warning: "missing", "empty", "not text (got an object)". */
export function readProblem(read: Exclude<TextRead, { kind: 'text' }>): string {
  if (read.kind === 'unusable') return `not text (got ${read.got})`;
  return read.kind === 'absent' ? 'missing' : 'empty';
}

// Plain decimal seconds only: "42", "42.7". Not "0x2A", "1e3", "-1", "42s".
const DECIMAL_SECONDS = /^\d+(?:\.\d+)?$/;

/**
 * Hold time in whole seconds (floored): 42, "42" and "42.7" all give 42. Missing, negative,
 * non-numeric or absurdly large values give null and a warning.
 */
export function readHoldTime(value: unknown, label: string, warnings: string[]): number | null {
  let seconds: number;
  if (typeof value === 'number') {
    seconds = value;
  } else if (typeof value === 'string') {
    const { text } = cleanText(value);
    if (text === '') {
      warnings.push(`${label}: ${value === '' ? 'empty' : 'blank'}; hold time unknown`);
      return null;
    }
    if (!DECIMAL_SECONDS.test(text)) {
      warnings.push(`${label}: not a number of seconds; hold time unknown`);
      return null;
    }
    seconds = Number(text);
  } else {
    const problem = value === undefined || value === null ? 'missing' : `not a number (got ${describeValue(value)})`;
    warnings.push(`${label}: ${problem}; hold time unknown`);
    return null;
  }
  const whole = Math.floor(seconds) + 0; // + 0 turns -0 into 0
  if (!Number.isSafeInteger(whole) || whole < 0) {
    warnings.push(`${label}: ${Number.isNaN(seconds) ? 'not a number' : 'negative or out of range'}; hold time unknown`);
    return null;
  }
  return whole;
}
