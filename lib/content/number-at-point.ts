import type { CountryCode } from 'libphonenumber-js/min';
import { findNumbers } from '../dial/find-numbers';
import { telHrefNumber } from '../dial/normalize-number';

/** A callable number under the pointer, and the box to put the Call button beside. */
export interface NumberAtPoint {
  e164: string;
  rect: DOMRect;
}

/** Fields the agent types into: a Call button there would get in the way of typing. */
const EDITABLE = 'input, textarea, select, [contenteditable]:not([contenteditable="false"])';

/**
 * What is callable at (x, y) of `doc`: a `tel:` link, or a phone number in the text node under
 * the pointer (found with libphonenumber-js, find-numbers.ts). Reads the page only; nothing in
 * it is changed (no wrapping of numbers in our own elements: a CRM re-rendering its own DOM
 * would trip over them). A number split over several elements is not found.
 */
export function numberAtPoint(doc: Document, target: EventTarget | null, x: number, y: number, country: CountryCode): NumberAtPoint | null {
  const element = target instanceof doc.defaultView!.Element ? target : null;
  if (element === null || element.closest(EDITABLE) !== null) return null;
  const link = element.closest('a[href]');
  const href = link?.getAttribute('href') ?? '';
  if (link && /^tel:/i.test(href.trim())) {
    const e164 = telHrefNumber(href.trim(), country);
    return e164 === null ? null : { e164, rect: link.getBoundingClientRect() };
  }
  const point = textPointAt(doc, x, y);
  if (point === null) return null;
  for (const found of findNumbers(point.node.data, country)) {
    if (point.offset < found.start || point.offset > found.end) continue;
    const range = doc.createRange();
    range.setStart(point.node, found.start);
    range.setEnd(point.node, found.end);
    const rect = range.getBoundingClientRect();
    // The caret APIs give the nearest text position even beside the text: the pointer must be on it.
    if (x < rect.left - 2 || x > rect.right + 2 || y < rect.top - 2 || y > rect.bottom + 2) return null;
    return { e164: found.e164, rect };
  }
  return null;
}

function textPointAt(doc: Document, x: number, y: number): { node: Text; offset: number } | null {
  const caret = doc as Document & {
    caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
    caretRangeFromPoint?: (x: number, y: number) => Range | null;
  };
  let node: Node | undefined;
  let offset = 0;
  if (typeof caret.caretPositionFromPoint === 'function') {
    const position = caret.caretPositionFromPoint(x, y);
    node = position?.offsetNode;
    offset = position?.offset ?? 0;
  } else if (typeof caret.caretRangeFromPoint === 'function') {
    const range = caret.caretRangeFromPoint(x, y);
    node = range?.startContainer;
    offset = range?.startOffset ?? 0;
  }
  return node !== undefined && node.nodeType === Node.TEXT_NODE ? { node: node as Text, offset } : null;
}
