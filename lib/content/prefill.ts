/**
 * Puts the caller's contact reference (or number) into the CRM's own lookup field the way a
 * typing agent would, so React/Angular/Vue pages notice the change and, when asked, submits it.
 *
 * Why the native setter: React replaces an input's `value` property with its own tracker; a
 * plain `el.value = v` updates the tracker too, so React sees "no change" and drops the input
 * event. Calling the setter from HTMLInputElement.prototype bypasses the tracker, then the
 * input event makes React read the new value. Angular and Vue listen to `input` as well.
 */

export interface PrefillTarget {
  selector: string;
  value: string;
  submit: boolean;
}

export interface PrefillOptions {
  /** How long to wait for the field to appear (CRMs render late), default 10 s. */
  timeoutMs?: number;
}

export type PrefillResult = { ok: true } | { ok: false; error: string };

export async function prefillLookup(doc: Document, target: PrefillTarget, options: PrefillOptions = {}): Promise<PrefillResult> {
  let element: Element | null;
  try {
    element = await waitForElement(doc, target.selector, options.timeoutMs ?? 10_000);
  } catch {
    return { ok: false, error: `invalid selector ${target.selector}` };
  }
  if (!element) return { ok: false, error: `no element matches ${target.selector}` };
  const view = doc.defaultView;
  if (!view) return { ok: false, error: 'the page has no window' };
  const matches = doc.querySelectorAll(target.selector).length;
  if (matches !== 1) return { ok: false, error: `${matches} elements match ${target.selector}: nothing filled (it must match exactly one)` };
  if (target.submit) {
    const offOrigin = foreignFormAction(element, doc, view);
    if (offOrigin !== null) return { ok: false, error: `the field's form posts to ${offOrigin}, not this page's origin: nothing filled or submitted` };
  }

  if (element instanceof view.HTMLInputElement || element instanceof view.HTMLTextAreaElement) {
    if (!isTextField(element, view)) return { ok: false, error: 'element is not a text field' };
    if (element.disabled || element.readOnly) return { ok: false, error: 'the field is disabled or read-only' };
    element.focus();
    setNativeValue(element, target.value, view);
    dispatchTyping(element, target.value, view);
  } else if (element instanceof view.HTMLElement && element.isContentEditable) {
    element.focus();
    element.textContent = target.value;
    dispatchTyping(element, target.value, view, false);
  } else {
    return { ok: false, error: 'element is not a text field' };
  }
  if (target.submit) submit(element, view);
  return { ok: true };
}

/** Resolves with the first match, or null after the timeout; throws on an invalid selector. */
export function waitForElement(doc: Document, selector: string, timeoutMs: number): Promise<Element | null> {
  const found = doc.querySelector(selector);
  if (found || timeoutMs <= 0) return Promise.resolve(found);
  return new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      const match = doc.querySelector(selector);
      if (match) finish(match);
    });
    const timer = setTimeout(() => finish(null), timeoutMs);
    function finish(result: Element | null) {
      observer.disconnect();
      clearTimeout(timer);
      resolve(result);
    }
    observer.observe(doc.documentElement, { childList: true, subtree: true, attributes: true });
  });
}

// Input types an agent types a reference into; checkbox, file, hidden etc. are not lookups.
const TEXT_TYPES = new Set(['text', 'search', 'tel', 'email', 'url', 'number', '']);

function isTextField(el: HTMLInputElement | HTMLTextAreaElement, view: Window & typeof globalThis): boolean {
  return el instanceof view.HTMLTextAreaElement || TEXT_TYPES.has(el.type.toLowerCase());
}

function setNativeValue(el: HTMLInputElement | HTMLTextAreaElement, value: string, view: Window & typeof globalThis): void {
  const proto = el instanceof view.HTMLTextAreaElement ? view.HTMLTextAreaElement.prototype : view.HTMLInputElement.prototype;
  const setter = Object.getOwnPropertyDescriptor(proto, 'value')?.set;
  if (setter) setter.call(el, value);
  else el.value = value;
}

function dispatchTyping(el: HTMLElement, value: string, view: Window & typeof globalThis, change = true): void {
  const init = { bubbles: true, cancelable: false, composed: true };
  // InputEvent carries inputType/data like a real keystroke; older engines only have Event.
  const input =
    typeof view.InputEvent === 'function'
      ? new view.InputEvent('input', { ...init, inputType: 'insertText', data: value })
      : new view.Event('input', init);
  el.dispatchEvent(input);
  if (change) el.dispatchEvent(new view.Event('change', { bubbles: true }));
}

/** The field's form: its `form` owner for inputs (the `form` attribute counts), else the closest one. */
function formOf(el: Element, view: Window & typeof globalThis): HTMLFormElement | null {
  if (el instanceof view.HTMLInputElement || el instanceof view.HTMLTextAreaElement) return el.form;
  return el.closest('form');
}

/**
 * The origin a submit of the field's form would go to, when it is not the page's own; null when
 * it is (or there is no form: then Enter goes to the page's own script). The action is read
 * through the prototype's getter, since `form.action` can be shadowed by a control named "action".
 */
function foreignFormAction(el: Element, doc: Document, view: Window & typeof globalThis): string | null {
  const form = formOf(el, view);
  if (!form) return null;
  const getter = Object.getOwnPropertyDescriptor(view.HTMLFormElement.prototype, 'action')?.get;
  const action = getter ? String(getter.call(form)) : form.getAttribute('action') ?? doc.URL;
  let origin: string;
  try {
    origin = new URL(action, doc.baseURI).origin;
  } catch {
    return 'an unreadable address';
  }
  const own = view.location.origin;
  return origin === own && origin !== 'null' ? null : origin === 'null' ? 'a non-web address' : origin.slice(0, 200);
}

function submit(el: HTMLElement, view: Window & typeof globalThis): void {
  const form = formOf(el, view);
  if (form) {
    // requestSubmit runs validation and fires 'submit' like a click on the submit button would.
    if (typeof form.requestSubmit === 'function') form.requestSubmit();
    else form.submit();
    return;
  }
  // No form: search boxes in single-page CRMs usually listen for Enter.
  const key = { key: 'Enter', code: 'Enter', keyCode: 13, which: 13, bubbles: true, cancelable: true, composed: true };
  for (const type of ['keydown', 'keypress', 'keyup']) el.dispatchEvent(new view.KeyboardEvent(type, key));
}
