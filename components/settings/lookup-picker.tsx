import { useEffect, useState } from 'preact/hooks';
import { listen, sendMessage, type PickerResult } from '@/lib/messages';
import { t } from '@/lib/i18n';

/** The strings of this component (locales/*.yml), read when rendered. */
export const TEXT = {
  get pick() { return t('lookupPicker.pick'); },
  get cancel() { return t('lookupPicker.cancel'); },
  get testFill() { return t('lookupPicker.testFill'); },
  get cancelled() { return t('lookupPicker.cancelled'); },
  get noSelector() { return t('lookupPicker.noSelector'); },
  get locked() { return t('lookupPicker.locked'); },
  picking: (origin: string) => t('lookupPicker.picking', [origin]),
  picked: (selector: string, origin: string) => t('lookupPicker.picked', [selector, origin]),
  filled: (value: string, origin: string) => t('lookupPicker.filled', [value, origin]),
};

interface LookupPickerProps {
  /** The form's lookup selector (what Test fill tries). */
  selector: string;
  locked: boolean;
  /** A pick was saved by the worker: the form shows it in the selector field. */
  onPicked: (selector: string) => void;
}

type Status = { text: string; error?: boolean };

/**
 * 'Pick the lookup field' and 'Test fill' (lib/picker/): the worker highlights the fields in the
 * open CRM tab and saves the selector of the one the agent clicks, even when this page is gone
 * by then (the popup closes when the CRM tab comes to the front); an open page hears how it
 * ended ('picker/result') and puts the selector into the form.
 */
export function LookupPicker({ selector, locked, onPicked }: LookupPickerProps) {
  const [status, setStatus] = useState<Status>({ text: '' });
  const [picking, setPicking] = useState(false);

  useEffect(
    () =>
      listen('popup', {
        'picker/result': (result: PickerResult) => {
          setPicking(false);
          if (result.outcome === 'picked') {
            onPicked(result.selector);
            setStatus({ text: TEXT.picked(result.selector, result.origin) });
          } else if (result.outcome === 'cancelled') {
            setStatus({ text: TEXT.cancelled });
          } else {
            setStatus({ text: result.error, error: true });
          }
        },
      }),
    [onPicked],
  );

  const run = async (action: () => Promise<Status>) => {
    try {
      setStatus(await action());
    } catch (e) {
      setPicking(false);
      setStatus({ text: e instanceof Error ? e.message : String(e), error: true });
    }
  };
  const start = () =>
    run(async () => {
      setPicking(true);
      const { origin } = await sendMessage('picker/start');
      return { text: TEXT.picking(origin) };
    });
  const stop = () =>
    run(async () => {
      await sendMessage('picker/stop');
      setPicking(false);
      return { text: TEXT.cancelled };
    });
  const testFill = () =>
    run(async () => {
      if (selector.trim() === '') return { text: TEXT.noSelector, error: true };
      const { value, origin } = await sendMessage('picker/test-fill', { selector: selector.trim() });
      return { text: TEXT.filled(value, origin) };
    });

  return (
    <div class="lookup-picker">
      <div class="actions">
        <button type="button" disabled={locked} onClick={() => void (picking ? stop() : start())}>
          {picking ? TEXT.cancel : TEXT.pick}
        </button>
        <button type="button" onClick={() => void testFill()}>
          {TEXT.testFill}
        </button>
      </div>
      <p class={status.error ? 'field__error' : 'field__hint'} role="status" aria-live="polite" data-field="picker-status">
        {locked ? TEXT.locked : status.text}
      </p>
    </div>
  );
}
