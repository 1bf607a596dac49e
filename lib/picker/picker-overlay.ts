/**
 * The picker in the CRM tab: outlines every text field, marks the one under the pointer, and on
 * the agent's own click (event.isTrusted) turns that field into a selector (lookup-selector.ts)
 * and hands it to the worker. Escape (real key) cancels.
 *
 * Nothing of the page is changed: the outlines are boxes in our own host element with a CLOSED
 * shadow root (lib/content/shadow-mount.ts: the page cannot read it, and a page that defined the
 * element name itself gets no overlay), laid over the page with pointer-events: none, so the
 * pointer still reaches the page's fields (which is how the field under it is known). While
 * picking, real pointer, mouse and click events are stopped in the capture phase at the window,
 * so the click that picks does not also act on the CRM (its handlers on the document and the
 * field never see it; only a capture listener the page put on the window earlier still does).
 * Page-made (untrusted) events are left alone and never pick.
 */
import { createShadowMount, type ShadowMount } from '../content/shadow-mount';
import { prefillLookup } from '../content/prefill';
import { robustSelector } from './lookup-selector';
import { candidateFields, pickableField } from './pickable-field';
import type { PickerCommand, PickerCommandResult } from './picker-command';

export const PICKER_HOST = 'teleforge-lookup-picker';

export const TEXT = {
  banner: 'Teleforge: click the CRM’s contact lookup or search field · Esc cancels',
  saving: 'Saving…',
  saved: (selector: string) => `Lookup field saved: ${selector}`,
  filled: (value: string) => `Test fill: ${value} typed into the lookup field`,
  failed: (error: string) => `Not saved: ${error}`,
} as const;

const CSS = `
  :host { all: initial; }
  .layer { position: fixed; inset: 0; pointer-events: none; z-index: 2147483647; font: 14px/1.4 system-ui, sans-serif; }
  .box { position: fixed; box-sizing: border-box; border: 2px dashed #2563eb; border-radius: 4px; background: rgba(37, 99, 235, 0.06); }
  .box.hot { border-style: solid; border-color: #c2410c; background: rgba(194, 65, 12, 0.14); }
  .box.done { border: 3px solid #15803d; background: rgba(21, 128, 61, 0.14); }
  .banner { position: fixed; top: 8px; left: 50%; transform: translateX(-50%); max-width: min(90vw, 720px); padding: 8px 14px;
    border-radius: 8px; background: #111827; color: #fff; box-shadow: 0 4px 16px rgba(0,0,0,.3); overflow-wrap: anywhere; }
  .banner.error { background: #991b1b; }
`;

const BLOCKED = ['pointerdown', 'pointerup', 'mousedown', 'mouseup', 'click', 'dblclick', 'auxclick', 'contextmenu'] as const;

export interface PickerPort {
  /** 'picker/picked' to the worker: resolves when saved, rejects with the reason. */
  picked(selector: string): Promise<void>;
  cancelled(): Promise<void>;
}

export interface PickerOverlay {
  command(command: PickerCommand): Promise<PickerCommandResult> | PickerCommandResult;
  /** For tests: whether a pick is in progress. */
  readonly active: boolean;
}

export function createPickerOverlay(doc: Document, port: PickerPort, isRealInput: (e: Event) => boolean = (e) => e.isTrusted): PickerOverlay {
  const view = doc.defaultView as Window & typeof globalThis;
  let mount: ShadowMount | null = null;
  let layer: HTMLElement | null = null;
  let banner: HTMLElement | null = null;
  let stop: AbortController | null = null;
  let hot: HTMLElement | null = null;
  let frame = 0;
  let endTimer: ReturnType<typeof setTimeout> | undefined;

  const ensureMount = () => {
    if (mount === null) {
      mount = createShadowMount(doc, PICKER_HOST, CSS);
      layer = doc.createElement('div');
      layer.className = 'layer';
      mount.container.append(layer);
    }
    mount.mount();
    return layer as HTMLElement;
  };

  const say = (text: string, error = false) => {
    const into = ensureMount();
    if (banner === null) {
      banner = doc.createElement('div');
      banner.setAttribute('role', 'status');
      into.append(banner);
    }
    banner.className = error ? 'banner error' : 'banner';
    banner.textContent = text;
  };

  /** Boxes over the candidate fields (or only `only`), redrawn at most once a frame. */
  const draw = (only?: HTMLElement, done = false) => {
    const into = ensureMount();
    for (const old of Array.from(into.querySelectorAll('.box'))) old.remove();
    for (const field of only ? [only] : candidateFields(doc)) {
      const r = field.getBoundingClientRect();
      const box = doc.createElement('div');
      box.className = `box${done ? ' done' : field === hot ? ' hot' : ''}`;
      Object.assign(box.style, { left: `${r.left - 3}px`, top: `${r.top - 3}px`, width: `${r.width + 6}px`, height: `${r.height + 6}px` });
      into.append(box);
    }
  };
  const redraw = () => {
    if (frame !== 0) return;
    frame = view.requestAnimationFrame(() => {
      frame = 0;
      if (stop) draw();
    });
  };

  const targetOf = (event: Event): Element | null => {
    const first = event.composedPath()[0];
    return first instanceof view.Element ? first : null;
  };

  const finish = (afterMs = 0) => {
    stop?.abort();
    stop = null;
    hot = null;
    clearTimeout(endTimer);
    const remove = () => {
      mount?.remove();
      banner = null;
      mount = null;
      layer = null;
    };
    if (afterMs > 0) endTimer = setTimeout(remove, afterMs);
    else remove();
  };

  const choose = async (target: Element) => {
    const field = pickableField(target);
    if (!field.ok) return say(field.error, true);
    const selector = robustSelector(field.field);
    if (!selector.ok) return say(selector.error, true);
    stop?.abort(); // one pick; events flow to the page again
    stop = null;
    say(TEXT.saving);
    draw(field.field, true);
    try {
      await port.picked(selector.selector);
      say(TEXT.saved(selector.selector));
      finish(2_500);
    } catch (e) {
      say(TEXT.failed(e instanceof Error ? e.message : String(e)), true);
      finish(5_000);
    }
  };

  const begin = (): PickerCommandResult => {
    finish();
    // First, before any listener: a page that defined our element name gets no overlay (and
    // no pick), instead of a pick that blocks its clicks with nothing on screen.
    ensureMount();
    stop = new AbortController();
    const { signal } = stop;
    const onPointer = (event: Event) => {
      if (!isRealInput(event)) return;
      const target = targetOf(event);
      if (target === null || target.localName === PICKER_HOST) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      if (event.type === 'click') void choose(target);
    };
    for (const type of BLOCKED) view.addEventListener(type, onPointer, { capture: true, signal });
    view.addEventListener(
      'keydown',
      (event) => {
        if (!isRealInput(event) || event.key !== 'Escape') return;
        event.preventDefault();
        event.stopImmediatePropagation();
        finish();
        void port.cancelled().catch(() => undefined);
      },
      { capture: true, signal },
    );
    view.addEventListener(
      'mousemove',
      (event) => {
        const target = targetOf(event);
        const picked = target ? pickableField(target) : null;
        const next = picked?.ok ? picked.field : null;
        if (next !== hot) {
          hot = next;
          redraw();
        }
      },
      { capture: true, passive: true, signal },
    );
    view.addEventListener('scroll', redraw, { capture: true, passive: true, signal });
    view.addEventListener('resize', redraw, { passive: true, signal });
    say(TEXT.banner);
    draw();
    return { ok: true };
  };

  const fill = async (selector: string, value: string): Promise<PickerCommandResult> => {
    const result = await prefillLookup(doc, { selector, value, submit: false }, { timeoutMs: 0 });
    if (!result.ok) return result;
    const field = doc.querySelector(selector);
    if (field instanceof view.HTMLElement) {
      draw(field, true);
      say(TEXT.filled(value));
      finish(3_000);
    }
    return { ok: true };
  };

  return {
    command(command) {
      try {
        if (command.kind === 'begin') return begin();
        if (command.kind === 'end') {
          finish();
          return { ok: true };
        }
        return fill(command.selector, command.value);
      } catch (e) {
        finish();
        return { ok: false, error: e instanceof Error ? e.message : String(e) };
      }
    },
    get active() {
      return stop !== null;
    },
  };
}
