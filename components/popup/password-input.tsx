import { useState } from 'preact/hooks';

interface PasswordInputProps {
  id: string;
  value: string;
  describedBy?: string;
  invalid: boolean;
  onInput: (value: string) => void;
}

/** Masked by default; the toggle lets an agent check what they typed without retyping it. */
export function PasswordInput({ id, value, describedBy, invalid, onInput }: PasswordInputProps) {
  const [revealed, setRevealed] = useState(false);
  return (
    <div class="password">
      <input
        id={id}
        name={id}
        type={revealed ? 'text' : 'password'}
        autocomplete="current-password"
        value={value}
        aria-describedby={describedBy}
        aria-invalid={invalid}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      <button
        type="button"
        class="password__toggle"
        aria-controls={id}
        aria-pressed={revealed}
        onClick={() => setRevealed(!revealed)}
      >
        {revealed ? 'Hide' : 'Show'}
      </button>
    </div>
  );
}
