import type { RefObject } from 'preact';
import { useEffect } from 'preact/hooks';

/**
 * Moves focus to "Answer" when a call starts ringing, unless the agent is typing somewhere in
 * the page: a ringing call must never swallow keystrokes meant for a CRM form.
 */
export function useFocusOnRing(button: RefObject<HTMLButtonElement | null>, ringing: boolean, callId: string): void {
  useEffect(() => {
    const el = button.current;
    if (!ringing || !el || isTyping(el.ownerDocument)) return;
    el.focus({ preventScroll: true });
  }, [ringing, callId]);
}

/** Whether the page's focus is in something that takes text (or in a frame we cannot see into). */
export function isTyping(doc: Document): boolean {
  const active = doc.activeElement;
  if (!active || active === doc.body || active === doc.documentElement) return false;
  if (active instanceof HTMLElement && active.isContentEditable) return true;
  const tag = active.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT' || tag === 'IFRAME') return true;
  if (tag !== 'INPUT') return false;
  const type = (active as HTMLInputElement).type.toLowerCase();
  return !['button', 'submit', 'reset', 'checkbox', 'radio', 'image', 'file', 'range', 'color'].includes(type);
}
