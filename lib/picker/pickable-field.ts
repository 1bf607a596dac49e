/**
 * Which element a click in the picker means: the text field under it (an input of a text type, a
 * textarea, a contenteditable region), or the field a clicked <label> is for. The same kinds of
 * field the lookup prefill can fill (lib/content/prefill.ts), so a picked field can be filled.
 */

// As prefill.ts: the input types an agent types a reference into.
const TEXT_TYPES = new Set(['text', 'search', 'tel', 'email', 'url', 'number', '']);

export type Pickable = { ok: true; field: HTMLElement } | { ok: false; error: string };

export function pickableField(target: Element): Pickable {
  const view = target.ownerDocument.defaultView;
  if (!view) return { ok: false, error: 'The page has no window' };
  const el = target instanceof view.HTMLLabelElement && target.control ? target.control : target;
  if (el instanceof view.HTMLInputElement || el instanceof view.HTMLTextAreaElement) {
    if (el instanceof view.HTMLInputElement && !TEXT_TYPES.has(el.type.toLowerCase())) {
      return { ok: false, error: `Not a text field (an input of type ${el.type})` };
    }
    if (el.disabled || el.readOnly) return { ok: false, error: 'This field is disabled or read-only: it cannot be filled' };
    return { ok: true, field: el };
  }
  const editable = el.closest('[contenteditable]');
  if (editable instanceof view.HTMLElement && editable.isContentEditable) return { ok: true, field: editable };
  return { ok: false, error: 'Not a text field: click the CRM’s search or lookup box' };
}

/** Every field the picker highlights (visible text fields of the document, not in shadow roots). */
export function candidateFields(doc: Document): HTMLElement[] {
  const found = doc.querySelectorAll<HTMLElement>('input, textarea, [contenteditable]');
  return Array.from(found).filter((el) => {
    const picked = pickableField(el);
    if (!picked.ok || picked.field !== el) return false;
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  });
}
