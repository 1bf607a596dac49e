import { useState } from 'preact/hooks';
import { useInputGate } from './input-gate';
import { errorText } from './panel-actions';

/**
 * Runs one control's action at a time: the buttons are disabled while the worker answers (no
 * double answer on a double click), and a refusal is kept on screen instead of being dropped.
 * Only real input runs an action (input-gate.ts): a page's synthetic click does nothing.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const gate = useInputGate();
  const run = (action: () => Promise<void>) => async (event: Event) => {
    if (!gate(event)) return;
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run, setError };
}
