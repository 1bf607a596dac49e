/**
 * A pseudo-RTL rendering of an English message, for checking the RTL layout without a
 * translation (Chromium's own pseudo-locale ar-XB does the same for its UI): every run of words is
 * wrapped in RIGHT-TO-LEFT OVERRIDE ... POP DIRECTIONAL FORMATTING, so it displays mirrored and
 * flows right to left, and the message starts with a RIGHT-TO-LEFT MARK. Substitutions ($1, $$)
 * and named placeholders ({contact_ref}) stay outside the overrides, unchanged, so the message
 * still takes its values. Never shipped: only `wxt build --mode pseudo-rtl` adds it.
 */
const RLM = '\u200f';
const RLO = '\u202e';
const PDF = '\u202c';

const TOKEN = /(\$\$|\$\d|\{[A-Za-z_]+\})/;

export function pseudoRtl(message: string): string {
  const parts = message.split(TOKEN).filter((part) => part !== '');
  return RLM + parts.map((part) => (TOKEN.test(part) || part.trim() === '' ? part : `${RLO}${part}${PDF}`)).join('');
}

/** The locale the pseudo-RTL build adds: a real RTL locale code, since browsers accept no other. */
export const PSEUDO_RTL_LOCALE = 'he';
