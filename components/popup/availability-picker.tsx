import { useEffect, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { sendMessage } from '@/lib/messages';
import { AVAILABILITIES, type Availability } from '@/lib/phone/availability';
import type { PhoneState } from '@/lib/phone-host/phone-state';

const HINTS = {
  available: 'availability.hint.available',
  dnd: 'availability.hint.dnd',
  offline: 'availability.hint.offline',
} as const satisfies Record<Availability, string>;
const OPTIONS = {
  available: 'availability.available',
  dnd: 'availability.dnd',
  offline: 'availability.offline',
} as const satisfies Record<Availability, string>;

/**
 * Available / Do not disturb / Offline (lib/phone/availability.ts). The choice goes to the worker,
 * which stores it and tells the phone; the radio shows the phone's reported availability, and the
 * agent's pick until that report arrives.
 */
export function AvailabilityPicker({ state }: { state: PhoneState | null }) {
  const reported = state?.availability ?? 'available';
  const [picked, setPicked] = useState<Availability | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setPicked(null), [reported]);
  const current = picked ?? reported;

  const choose = (availability: Availability) => {
    setPicked(availability);
    setError(null);
    sendMessage('status/availability', { availability }).catch((e: unknown) => {
      setPicked(null);
      setError(t('availability.failed', [e instanceof Error ? e.message : String(e)]));
    });
  };

  return (
    <fieldset class="availability" data-availability={current}>
      <legend>{t('availability.legend')}</legend>
      {AVAILABILITIES.map((a) => (
        <div class="availability__option" key={a}>
          <input
            type="radio"
            id={`availability-${a}`}
            name="availability"
            value={a}
            checked={current === a}
            aria-describedby={`availability-${a}-hint`}
            onChange={() => choose(a)}
          />
          <label for={`availability-${a}`}>{t(OPTIONS[a])}</label>
          <span id={`availability-${a}-hint`} class="availability__hint">
            {t(HINTS[a])}
          </span>
        </div>
      ))}
      {error && (
        <p class="availability__error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
