import { useState } from 'preact/hooks';
import { t } from '@/lib/i18n';

interface PasswordInputProps {
  id: string;
  value: string;
  describedBy?: string;
  invalid: boolean;
  onInput: (value: string) => void;
  /** What the toggle names: "Show password", "Show token", "Show TURN credential". */
  what?: string;
  autocomplete?: string;
  /** Set by the organisation's policy. */
  readOnly?: boolean;
}

/** Masked by default; the toggle lets an agent check what they typed without retyping it. */
export function PasswordInput({ id, value, describedBy, invalid, onInput, what = 'password', autocomplete = 'current-password', readOnly = false }: PasswordInputProps) {
  const [revealed, setRevealed] = useState(false);
  const common = {
    id,
    name: id,
    autocomplete,
    spellcheck: false,
    value,
    readOnly,
    'aria-describedby': describedBy,
    'aria-invalid': invalid,
    onInput: (e: Event) => onInput((e.currentTarget as HTMLInputElement).value),
  };
  return (
    <div class="password">
      {/* Two literal branches: Preact's input typings discriminate on a literal `type`. The element is the
          same <input> either way, so the diff only flips its type and focus and caret stay. */}
      {revealed ? <input type="text" {...common} /> : <input type="password" {...common} />}
      <button
        type="button"
        class="password__toggle"
        aria-controls={id}
        aria-pressed={revealed}
        aria-label={revealed ? t('settings.hideWhat', [what]) : t('settings.showWhat', [what])}
        onClick={() => setRevealed(!revealed)}
      >
        {revealed ? t('settings.hide') : t('settings.show')}
      </button>
    </div>
  );
}
