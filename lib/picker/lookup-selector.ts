/**
 * The selector the lookup-field picker stores for the field the agent clicked: one that still
 * finds that field after the CRM reloads, re-renders or ships a new version. Preference, most
 * robust first (each tried only if it matches exactly this one element in the document):
 *
 *   1. #id                       (unless the id looks generated: ember123, :r4:, input-17 ...)
 *   2. tag[name="..."]
 *   3. tag[aria-label="..."]
 *   4. tag[data-testid="..."]    (test hooks first: data-testid, data-test-id, data-test, data-qa,
 *                                 data-cy, data-automation-id; then any other data-* attribute)
 *   5. #anchor tag[attr="..."]   (one of 2-4, or the tag, under the nearest ancestor with a
 *                                 stable unique id)
 *   6. a structural path         (#anchor > ... > tag:nth-of-type(n), or from html)
 *
 * Every candidate must also pass the settings' own selector rule (lib/settings/css-selector.ts),
 * so what is stored is what the settings form would accept typed by hand. A field inside a shadow
 * root cannot be reached by a document selector (the prefill queries the document), so it is
 * refused with that reason rather than given a selector that finds nothing.
 */
import { checkCssSelector } from '../settings/css-selector';
import { cssEscape, cssString } from './css-escape';

export type SelectorKind = 'id' | 'name' | 'aria-label' | 'data' | 'anchored' | 'path';
export type SelectorResult = { ok: true; selector: string; kind: SelectorKind } | { ok: false; error: string };

/** Test hooks, which teams keep stable on purpose, before other data-* attributes. */
const TEST_HOOKS = ['data-testid', 'data-test-id', 'data-test', 'data-qa', 'data-cy', 'data-automation-id'];
const MAX_LENGTH = 512;
const MAX_VALUE = 100;

/**
 * Whether an id or attribute value looks made by a framework at run time (it would differ on the
 * next load): long digit runs, hex-like runs, React's `:r1:` ids, and the prefixes of common
 * generators. A false positive costs only a less preferred (still unique) selector.
 */
export function looksGenerated(value: string): boolean {
  if (value === '' || value.length > MAX_VALUE || value.trim() !== value) return true;
  if (/\d{4,}/.test(value)) return true;
  if (/(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}/i.test(value)) return true;
  if (/^:.*:$/.test(value)) return true;
  return /^(?:ember\d|ext-(?:gen|comp)|react-select-\d|mui-\d|headlessui-|radix-|downshift-|rc_select_|__bvid__|gwt-uid-|yui_|j_id|uid-\d|input-\d|combobox-\d|lightning-input-\d)/i.test(value);
}

export function robustSelector(el: Element): SelectorResult {
  const doc = el.ownerDocument;
  if (el.getRootNode() !== doc) {
    return { ok: false, error: 'This field is inside a web component (shadow root): a CSS selector from the page cannot reach it' };
  }
  const unique = (selector: string) => isUniqueMatch(doc, selector, el);
  const tag = cssEscape(el.localName);

  const id = el.getAttribute('id');
  if (id !== null && !looksGenerated(id) && unique(`#${cssEscape(id)}`)) return { ok: true, selector: `#${cssEscape(id)}`, kind: 'id' };

  const attributeSelectors = attributeCandidates(el, tag);
  for (const { selector, kind } of attributeSelectors) {
    if (unique(selector)) return { ok: true, selector, kind };
  }

  const anchor = stableAnchor(el, doc);
  if (anchor !== null) {
    for (const inner of [...attributeSelectors.map((c) => c.selector), tag]) {
      const selector = `${anchor.selector} ${inner}`;
      if (unique(selector)) return { ok: true, selector, kind: 'anchored' };
    }
  }

  const path = structuralPath(el, anchor);
  if (unique(path)) return { ok: true, selector: path, kind: 'path' };
  return { ok: false, error: 'No selector matches this field alone' };
}

function attributeCandidates(el: Element, tag: string): { selector: string; kind: SelectorKind }[] {
  const out: { selector: string; kind: SelectorKind }[] = [];
  const add = (attr: string, kind: SelectorKind) => {
    const value = el.getAttribute(attr);
    if (value === null || looksGenerated(value)) return;
    out.push({ selector: `${tag}[${cssEscape(attr)}=${cssString(value)}]`, kind });
  };
  add('name', 'name');
  add('aria-label', 'aria-label');
  for (const hook of TEST_HOOKS) add(hook, 'data');
  for (const { name } of Array.from(el.attributes)) {
    if (name.startsWith('data-') && !TEST_HOOKS.includes(name)) add(name, 'data');
  }
  return out;
}

/** The nearest ancestor with a stable id that matches it alone, as `#id`. */
function stableAnchor(el: Element, doc: Document): { element: Element; selector: string } | null {
  for (let node = el.parentElement; node !== null; node = node.parentElement) {
    const id = node.getAttribute('id');
    if (id === null || looksGenerated(id)) continue;
    const selector = `#${cssEscape(id)}`;
    if (isUniqueMatch(doc, selector, node)) return { element: node, selector };
  }
  return null;
}

/** `#anchor > div > input:nth-of-type(2)`, or from `html` without an anchor. */
function structuralPath(el: Element, anchor: { element: Element; selector: string } | null): string {
  const steps: string[] = [];
  let node: Element = el;
  while (node !== anchor?.element) {
    const parent: Element | null = node.parentElement;
    const tag = cssEscape(node.localName);
    if (parent === null) {
      steps.unshift(tag); // html
      break;
    }
    const sameTag = Array.from(parent.children).filter((c) => c.localName === node.localName);
    steps.unshift(sameTag.length > 1 ? `${tag}:nth-of-type(${sameTag.indexOf(node) + 1})` : tag);
    node = parent;
  }
  if (anchor !== null) steps.unshift(anchor.selector);
  return steps.join(' > ');
}

/** Valid by the settings' rule, and matching exactly `el` and nothing else in the document. */
export function isUniqueMatch(doc: Document, selector: string, el: Element): boolean {
  if (selector.length > MAX_LENGTH || checkCssSelector(selector) !== null) return false;
  let matches: NodeListOf<Element>;
  try {
    matches = doc.querySelectorAll(selector);
  } catch {
    return false;
  }
  return matches.length === 1 && matches[0] === el;
}
