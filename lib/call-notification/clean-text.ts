/**
 * Makes one untrusted PBX value safe to show, log and put into a URL template. The one cleaning
 * step of both channels (SIP headers and Redis JSON go through read-field.ts to here).
 *
 * Decisions (the schema checks the result is a fixed point of this function):
 * - Tabs, line breaks, NEL and U+2028/2029 become one space, so "John\nSmith" stays two words.
 * - Removed: every other control character (Unicode category Cc: C0, DEL, C1), every format
 *   character (category Cf), lone surrogates (on which encodeURIComponent throws URIError) and
 *   U+2065 (unassigned, inside the block of invisible operators). Cf is the whole family of
 *   invisible characters that make equal-looking values differ or reorder them: bidi marks,
 *   embeddings, overrides and isolates (U+061C, U+200E/F, U+202A-E, U+2066-9; "Trojan Source",
 *   CVE-2021-42574), zero-width space/non-joiner/joiner (U+200B-D), word joiner and invisible
 *   operators (U+2060-2064), U+FEFF, soft hyphen U+00AD, Mongolian vowel separator U+180E,
 *   interlinear annotation U+FFF9-FFFB, tag characters U+E0001/U+E0020-E007F, and the rest.
 * - The one exception, ZWJ (U+200D) inside an emoji sequence: kept when it stands between two
 *   Extended_Pictographic characters (the first may carry a skin-tone modifier or VS16), as in
 *   👨‍👩‍👧 or 👩🏽‍💻, where removing it would turn one emoji into several. Anywhere else it is removed,
 *   as is ZWNJ everywhere: Persian and Indic names stay readable without them (the letters join
 *   where the writer wanted a break), and neither can reorder text. Subdivision flags (tag
 *   characters) lose their tags and show as a black flag.
 * - Trimmed, then cut to MAX_TEXT_LENGTH UTF-16 units (never inside a surrogate pair, never
 *   leaving a ZWJ at the end).
 * - No HTML escaping: values are text, and rendering (Preact) escapes them.
 */
export const MAX_TEXT_LENGTH = 256;

// Inputs longer than this are cut before the regexes run, so a 100 MB header costs no more than a small one.
const PRE_CUT_LENGTH = MAX_TEXT_LENGTH * 64;

const LAYOUT_WHITESPACE = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;
// With the `u` flag a lone surrogate is one code point of category Cs, a valid pair is not.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\u2065]/gu;
const ZWJ = '\u200D';
/** An emoji (with up to a few modifiers / VS16) ending the text before a ZWJ. */
const EMOJI_BEFORE = /\p{Extended_Pictographic}[\p{Emoji_Modifier}\uFE0F]{0,4}$/u;
const EMOJI_AFTER = /^\p{Extended_Pictographic}/u;

/** Whether the ZWJ at `offset` joins two emoji (looks at a few code units either side only). */
function joinsEmoji(text: string, offset: number): boolean {
  return EMOJI_BEFORE.test(text.slice(Math.max(0, offset - 12), offset)) && EMOJI_AFTER.test(text.slice(offset + 1, offset + 3));
}

export interface CleanedText {
  text: string;
  /** How many control or invisible characters were removed or turned into spaces. */
  changed: number;
  /** Original length when the value was cut to MAX_TEXT_LENGTH. */
  cutFrom?: number;
}

/** `max`: the cap, MAX_TEXT_LENGTH unless a caller needs a shorter one (SIP protocol values). */
export function cleanText(input: string, max = MAX_TEXT_LENGTH): CleanedText {
  let changed = 0;
  let text = input.length > PRE_CUT_LENGTH ? input.slice(0, PRE_CUT_LENGTH) : input;
  text = text.replace(LAYOUT_WHITESPACE, (run) => {
    changed += run.length;
    return ' ';
  });
  text = text.replace(INVISIBLE, (char: string, offset: number, whole: string) => {
    if (char === ZWJ && joinsEmoji(whole, offset)) return char;
    changed += 1;
    return '';
  });
  text = text.trim();
  if (text.length <= max) return { text, changed };
  const end = isHighSurrogate(text.charCodeAt(max - 1)) ? max - 1 : max;
  // A ZWJ left at the end joins nothing: cleaning again would remove it.
  return { text: stripTrailingZwj(text.slice(0, end)).trimEnd(), changed, cutFrom: input.length };
}

/** True when `text` is already what cleanText would make of it. */
export function isCleanText(text: string): boolean {
  return cleanText(text).text === text;
}

function stripTrailingZwj(text: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === ZWJ) end--;
  return text.slice(0, end);
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
