/**
 * Syntax check for the CRM lookup-field selector, usable without a DOM.
 *
 * Where a DOM exists (popup, content script, happy-dom tests) the browser's own selector parser
 * decides, via an empty DocumentFragment so nothing is matched or touched. Everywhere (also
 * under Node) a conservative structural check runs first: balanced quotes/brackets/parentheses,
 * only characters selectors use (so no rule syntax { } ;), no empty selector in a comma list,
 * no dangling combinator. It may let through selectors a browser rejects, which the DOM check
 * then catches; it never rejects a well-formed selector list of the usual kind (#id, .class, [attr="v"], :is(a, b), a > b).
 */

const MAX_LENGTH = 512;
const CLOSERS: Record<string, string> = { '(': ')', '[': ']' };
// Outside quotes: identifier characters (any non-ASCII counts), and the delimiters selectors use.
const SELECTOR_CHAR = /[A-Za-z0-9_\-#.:=~|^$*>+,\s\u0080-\uffff]/;

/** Split at top-level commas; null when quotes or brackets do not balance or rule syntax appears. */
function topLevelParts(selector: string): string[] | null {
  const parts: string[] = [];
  const stack: string[] = [];
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    const ch = selector[i] as string;
    if (ch === '\\') {
      i++; // an escaped character is literal, whatever it is
    } else if (quote !== null) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === '(' || ch === '[') {
      stack.push(CLOSERS[ch] as string);
    } else if (ch === ')' || ch === ']') {
      if (stack.pop() !== ch) return null;
    } else if (!SELECTOR_CHAR.test(ch)) {
      return null; // rule syntax ({ } ;) and characters no selector uses outside quotes (! @ % & / ? <)
    } else if (ch === ',' && stack.length === 0) {
      parts.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  if (quote !== null || stack.length > 0) return null;
  parts.push(selector.slice(start));
  return parts;
}

function domCheck(selector: string): boolean | undefined {
  const doc = (globalThis as { document?: Document }).document;
  if (typeof doc?.createDocumentFragment !== 'function') return undefined;
  try {
    doc.createDocumentFragment().querySelector(selector);
    return true;
  } catch {
    return false;
  }
}

/** '' is allowed (no lookup field). Returns an error message or null. */
export function checkCssSelector(selector: string): string | null {
  if (selector === '') return null;
  if (selector.length > MAX_LENGTH) return `Selector is too long (max ${MAX_LENGTH} characters)`;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what we reject
  if (/[\u0000-\u001f\u007f]/.test(selector)) return 'Selector must not contain control characters';
  const parts = topLevelParts(selector);
  const bad = `"${selector}" is not a valid CSS selector`;
  if (parts === null) return bad;
  for (const part of parts) {
    const p = part.trim();
    if (p === '' || /^[>+~]/.test(p) || /[>+~]$/.test(p)) return bad;
  }
  return domCheck(selector) === false ? bad : null;
}
