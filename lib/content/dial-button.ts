import type { InputGate } from '@/components/panel/input-gate';
import { createShadowMount } from './shadow-mount';

/** The button's strings, in one place for the locale files. */
const TEXT = {
  call: 'Call',
  label: (number: string) => `Call ${number} with Teleforge`,
  calling: 'Calling…',
  failed: 'Could not call',
};

/** How long the button stays after the pointer left the number (time to reach it). */
const HIDE_AFTER_MS = 700;

const CSS = `
.dial { position: fixed; z-index: 2147483646; display: none; margin: 0; font: 600 12px/1 system-ui, sans-serif;
  padding: 4px 8px; border-radius: 12px; border: 1px solid #0b57d0; background: #0b57d0; color: #fff;
  cursor: pointer; box-shadow: 0 1px 3px rgba(0,0,0,.3); white-space: nowrap; }
.dial:focus-visible { outline: 2px solid #000; outline-offset: 2px; }
.dial[data-state="failed"] { background: #b3261e; border-color: #b3261e; }
.dial[data-shown] { display: block; }
`;

export interface DialButton {
  show(number: string, rect: DOMRect): void;
  /** Hides after a short delay, unless show() or the pointer on the button comes first. */
  hideSoon(): void;
  hide(): void;
  remove(): void;
}

/**
 * The hover Call button: one `<button>` in its own closed shadow root (shadow-mount.ts: the page
 * cannot reach it, our events stop at it), placed beside the number with fixed coordinates. The
 * page's own nodes are never touched. A click dials only when it is the agent's real input
 * (`gate`: the caller panel's isTrusted rule).
 */
export function createDialButton(doc: Document, hostName: string, gate: InputGate, dial: (number: string) => Promise<void>): DialButton {
  const mount = createShadowMount(doc, hostName, CSS);
  const button = doc.createElement('button');
  button.type = 'button';
  button.className = 'dial';
  button.textContent = TEXT.call;
  mount.container.append(button);
  let number = '';
  let hideTimer: ReturnType<typeof setTimeout> | undefined;
  let busy = false;

  const cancelHide = () => {
    if (hideTimer !== undefined) clearTimeout(hideTimer);
    hideTimer = undefined;
  };
  const hide = () => {
    cancelHide();
    if (busy) return;
    button.removeAttribute('data-shown');
    mount.remove();
  };
  const hideSoon = () => {
    if (hideTimer === undefined && button.hasAttribute('data-shown')) hideTimer = setTimeout(hide, HIDE_AFTER_MS);
  };

  button.addEventListener('pointerenter', cancelHide);
  button.addEventListener('pointerleave', hideSoon);
  button.addEventListener('click', (event) => {
    if (!gate(event) || busy || number === '') return;
    busy = true;
    button.textContent = TEXT.calling;
    button.dataset['state'] = 'calling';
    dial(number).then(
      () => {
        busy = false;
        hide();
      },
      (error: unknown) => {
        busy = false;
        button.textContent = TEXT.failed;
        button.dataset['state'] = 'failed';
        button.title = error instanceof Error ? error.message : String(error);
        hideTimer = setTimeout(hide, 4_000);
      },
    );
  });

  return {
    show(next, rect) {
      cancelHide();
      if (busy) return;
      number = next;
      button.textContent = TEXT.call;
      button.removeAttribute('data-state');
      button.removeAttribute('title');
      button.setAttribute('aria-label', TEXT.label(next));
      button.dataset['number'] = next;
      // Right of the number, vertically centred on it; inside the viewport.
      const width = 64;
      const view = doc.defaultView;
      const left = Math.min(rect.right + 6, (view?.innerWidth ?? rect.right + 70) - width);
      button.style.left = `${Math.max(0, Math.round(left))}px`;
      button.style.top = `${Math.max(0, Math.round(rect.top + rect.height / 2 - 11))}px`;
      mount.mount();
      button.setAttribute('data-shown', '');
    },
    hideSoon,
    hide,
    remove() {
      cancelHide();
      mount.remove();
    },
  };
}
