/**
 * CSS.escape (CSSOM, "serialize an identifier") and the quoted-string form for attribute values.
 * Our own copy rather than the page's `CSS.escape`: the same answer in every engine and in unit
 * tests, and nothing the page could have replaced (the picker runs in the isolated world, but
 * happy-dom and older engines differ in the details).
 */

const hex = (code: number) => `\\${code.toString(16)} `;

/** An identifier (#id, a tag or attribute name) that the selector parser reads back as `value`. */
export function cssEscape(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const ch = value[i] as string;
    if (code === 0) out += '\uFFFD';
    else if ((code >= 0x1 && code <= 0x1f) || code === 0x7f) out += hex(code);
    else if (i === 0 && code >= 0x30 && code <= 0x39) out += hex(code);
    else if (i === 1 && code >= 0x30 && code <= 0x39 && value.charCodeAt(0) === 0x2d) out += hex(code);
    else if (i === 0 && ch === '-' && value.length === 1) out += '\\-';
    else if (code >= 0x80 || /[-_0-9A-Za-z]/.test(ch)) out += ch;
    else out += `\\${ch}`;
  }
  return out;
}

/** A double-quoted CSS string: `"` and `\` escaped, control characters as hex escapes. */
export function cssString(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    if (code === 0) out += '\uFFFD';
    else if (code < 0x20 || code === 0x7f) out += hex(code);
    else if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else out += ch;
  }
  return `"${out}"`;
}
