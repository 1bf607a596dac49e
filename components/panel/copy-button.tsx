import type { RefObject } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { msg } from '@/lib/content/panel-i18n';
import { useInputGate } from './input-gate';

/**
 * Copies the call reference (agents paste it into the CRM's disposition). When the clipboard is
 * refused (no user activation, an insecure page), the text is selected instead so Ctrl+C works.
 * The outcome is shown next to the button and announced politely.
 */
export function CopyButton({ value, source }: { value: string; source: RefObject<HTMLElement | null> }) {
  const [status, setStatus] = useState('');
  useEffect(() => {
    if (status === '') return;
    const timer = setTimeout(() => setStatus(''), 2500);
    return () => clearTimeout(timer);
  }, [status]);

  const gate = useInputGate();
  const copy = async (event: Event) => {
    if (!gate(event)) return;
    try {
      await navigator.clipboard.writeText(value);
      setStatus(msg('panel.copied'));
    } catch {
      setStatus(selectText(source.current) ? msg('panel.selected') : msg('panel.copyFailed'));
    }
  };
  return (
    <div class="copy">
      <button type="button" class="small" aria-label={msg('panel.copyLabel')} disabled={value === ''} onClick={copy}>
        {msg('panel.copy')}
      </button>
      <span class="copy__status" role="status" data-field="copy-status">
        {status}
      </span>
    </div>
  );
}

function selectText(el: HTMLElement | null): boolean {
  const selection = el?.ownerDocument.getSelection();
  if (!el || !selection) return false;
  const range = el.ownerDocument.createRange();
  range.selectNodeContents(el);
  selection.removeAllRanges();
  selection.addRange(range);
  return true;
}
