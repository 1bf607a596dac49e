import { useState } from 'preact/hooks';
import { msg } from '@/lib/content/panel-i18n';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

/**
 * The twelve DTMF keys of a phone. Each press sends its digit at once (an IVR reacts per key);
 * the digits sent so far on this call are shown, so the agent sees what the IVR got. `run`
 * wraps the click (the panel's input gate and busy/error handling, or the popup's own).
 */
export function Keypad({ callId, send, run }: {
  callId: string;
  send: (callId: string, digit: string) => Promise<void>;
  run: (action: () => Promise<void>) => (event: Event) => void;
}) {
  const [sent, setSent] = useState('');
  return (
    <div class="keypad" role="group" aria-label={msg('panel.keypad')} data-part="keypad">
      <output class="keypad__sent" data-field="dtmf-sent" aria-live="polite">
        {sent === '' ? '' : msg('panel.keypadSent', [sent.slice(-16)])}
      </output>
      <div class="keypad__keys">
        {KEYS.map((digit) => (
          <button
            type="button"
            key={digit}
            class="keypad__key"
            data-digit={digit}
            onClick={run(async () => {
              await send(callId, digit);
              setSent((s) => s + digit);
            })}
          >
            {digit}
          </button>
        ))}
      </div>
    </div>
  );
}
