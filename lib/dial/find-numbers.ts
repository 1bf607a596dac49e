import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js/min';

export interface FoundNumber {
  /** Offsets in the text searched: [start, end). */
  start: number;
  end: number;
  /** E.164, what a click dials. */
  e164: string;
}

/** Text beyond this is not searched: a number is short, and a hovered block of text can be huge. */
export const MAX_SEARCH_LENGTH = 2_000;

/**
 * Phone numbers in a piece of page text. libphonenumber-js's matcher finds valid numbers
 * only and leaves dates, times and most ids alone; on top of that a match glued to a word
 * ("ORD-2024-558812" holds a valid US number) is refused: a number written for people stands
 * apart from the letters and digits around it.
 */
export function findNumbers(text: string, defaultCountry: CountryCode): FoundNumber[] {
  const searched = text.slice(0, MAX_SEARCH_LENGTH);
  const found: FoundNumber[] = [];
  for (const match of findPhoneNumbersInText(searched, { defaultCountry })) {
    if (gluedToWord(searched, match.startsAt, match.endsAt)) continue;
    found.push({ start: match.startsAt, end: match.endsAt, e164: match.number.number });
  }
  return found;
}

const WORD_BEFORE = /[\p{L}\p{N}#_\-/]/u;
const WORD_AFTER = /[\p{L}\p{N}_/]/u;

/** A '.' or ',' between digits joins them: "4.15.5552671" is a version, "1,415,555" an amount. */
const DIGIT_JOINED = /[.,]/;
const DIGIT = /\p{N}/u;

function gluedToWord(text: string, start: number, end: number): boolean {
  const before = text[start - 1];
  const after = text[end];
  if (before !== undefined && (WORD_BEFORE.test(before) || (DIGIT_JOINED.test(before) && DIGIT.test(text[start - 2] ?? '')))) return true;
  return after !== undefined && (WORD_AFTER.test(after) || (DIGIT_JOINED.test(after) && DIGIT.test(text[end + 1] ?? '')));
}
