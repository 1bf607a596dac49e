/**
 * Makes one untrusted PBX value safe to show, log and put into a URL template.
 *
 * Decisions (the schema checks the result is a fixed point of this function):
 * - Tabs, line breaks, NEL and U+2028/2029 become one space, so "John\nSmith" stays two words.
 * - Removed: other C0 controls, DEL, C1 controls; bidi marks, embeddings, overrides and isolates
 *   (U+061C, U+200E/F, U+202A-E, U+2066-9), which can make "0770 123" display as another number
 *   ("Trojan Source", CVE-2021-42574); zero-width space, word joiner and other invisible format
 *   characters (U+00AD, U+180E, U+200B, U+2060-206F, U+FEFF, U+FFF9-FFFB), which make equal-looking
 *   numbers differ; and lone surrogates, on which encodeURIComponent throws URIError.
 * - Kept: ZWJ/ZWNJ (U+200C/D). They join emoji sequences and are part of the spelling of Persian and
 *   Indic names, and cannot reorder text.
 * - Trimmed, then cut to MAX_TEXT_LENGTH UTF-16 units (never inside a surrogate pair).
 * - No HTML escaping: values are text, and rendering (Preact) escapes them.
 */
export const MAX_TEXT_LENGTH = 256;

// Inputs longer than this are cut before the regexes run, so a 100 MB header costs no more than a small one.
const PRE_CUT_LENGTH = MAX_TEXT_LENGTH * 64;

const LAYOUT_WHITESPACE = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;
// No `u` flag on purpose: surrogates must be matched as single code units to find the lone ones.
const INVISIBLE =
  /[\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F\u00AD\u061C\u180E\u200B\u200E\u200F\u202A-\u202E\u2060-\u206F\uFEFF\uFFF9-\uFFFB]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export interface CleanedText {
  text: string;
  /** How many control or invisible characters were removed or turned into spaces. */
  changed: number;
  /** Original length when the value was cut to MAX_TEXT_LENGTH. */
  cutFrom?: number;
}

export function cleanText(input: string): CleanedText {
  let changed = 0;
  let text = input.length > PRE_CUT_LENGTH ? input.slice(0, PRE_CUT_LENGTH) : input;
  text = text.replace(LAYOUT_WHITESPACE, (run) => {
    changed += run.length;
    return ' ';
  });
  text = text.replace(INVISIBLE, () => {
    changed += 1;
    return '';
  });
  text = text.trim();
  if (text.length <= MAX_TEXT_LENGTH) return { text, changed };
  const end = isHighSurrogate(text.charCodeAt(MAX_TEXT_LENGTH - 1)) ? MAX_TEXT_LENGTH - 1 : MAX_TEXT_LENGTH;
  return { text: text.slice(0, end).trimEnd(), changed, cutFrom: input.length };
}

/** True when `text` is already what cleanText would make of it. */
export function isCleanText(text: string): boolean {
  return cleanText(text).text === text;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Short, safe description of an untrusted value's type for warnings and errors. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'object' ? 'an object' : `a ${type}`;
}

/** An untrusted string made short and printable for use inside a message: `"hangup"`. */
export function quoteForMessage(value: string, max = 40): string {
  const { text } = cleanText(value);
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}
