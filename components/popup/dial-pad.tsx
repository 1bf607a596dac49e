import { useRef, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { dialableNumber, DialUnavailableError, sendDial } from './dial';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

/**
 * The dial pad: a number field (typing and pasting work, Enter calls) and the twelve keys for the
 * mouse. Keys append to the field and give the focus back to it, so keyboard and mouse mix.
 */
export function DialPad() {
  const [number, setNumber] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const press = (key: string) => {
    setNumber((n) => n + key);
    setMessage(null);
    input.current?.focus();
  };
  const submit = (e: Event) => {
    e.preventDefault();
    const dialable = dialableNumber(number);
    if (dialable === null) {
      setMessage({ error: true, text: t('dial.invalid') });
      return;
    }
    setBusy(true);
    setMessage({ error: false, text: t('dial.calling', [dialable]) });
    sendDial(dialable)
      .then(() => setNumber(''))
      .catch((err: unknown) =>
        setMessage({ error: true, text: err instanceof DialUnavailableError ? t('dial.notAvailable') : t('dial.failed', [err instanceof Error ? err.message : String(err)]) }),
      )
      .finally(() => setBusy(false));
  };
  return (
    <section class="dial" aria-labelledby="dial-title">
      <h2 id="dial-title" class="section-title">
        {t('dial.title')}
      </h2>
      <form class="dial__form" onSubmit={submit} noValidate>
        <label for="dial-number" class="visually-hidden">
          {t('dial.number')}
        </label>
        <input
          ref={input}
          id="dial-number"
          class="dial__number"
          type="tel"
          inputMode="tel"
          autocomplete="off"
          value={number}
          aria-describedby="dial-message"
          aria-invalid={message?.error === true}
          onInput={(e) => {
            setNumber(e.currentTarget.value);
            setMessage(null);
          }}
        />
        <button type="button" class="dial__back" aria-label={t('dial.clear')} disabled={number === ''} onClick={() => {
            setNumber((n) => n.slice(0, -1));
            input.current?.focus();
          }}>
          ⌫
        </button>
        <div class="dial__keys">
          {KEYS.map((key) => (
            <button key={key} type="button" class="dial__key" onClick={() => press(key)}>
              {key}
            </button>
          ))}
        </div>
        <button type="submit" class="dial__call" disabled={busy}>
          {t('dial.call')}
        </button>
      </form>
      <p id="dial-message" class={message?.error ? 'dial__message dial__message--error' : 'dial__message'} role="status">
        {message?.text ?? ''}
      </p>
    </section>
  );
}
