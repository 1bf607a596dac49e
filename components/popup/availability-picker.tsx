import { useEffect, useState } from 'preact/hooks';
import { sendMessage } from '@/lib/messages';
import { AVAILABILITIES, type Availability } from '@/lib/phone/availability';
import type { PhoneState } from '@/lib/phone-host/phone-state';

/** English strings in one place, for the locale files (i18n). */
const TEXT = {
  legend: 'Availability',
  options: {
    available: 'Available',
    dnd: 'Do not disturb',
    offline: 'Offline',
  } satisfies Record<Availability, string>,
  hints: {
    available: 'Calls ring here.',
    dnd: 'Calls are refused (or you are signed out of the PBX: see Settings).',
    offline: 'Signed out of the PBX; no reconnecting until you choose Available.',
  } satisfies Record<Availability, string>,
  failed: 'Could not change the availability:',
};

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
      setError(`${TEXT.failed} ${e instanceof Error ? e.message : String(e)}`);
    });
  };

  return (
    <fieldset class="availability" data-availability={current}>
      <legend>{TEXT.legend}</legend>
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
          <label for={`availability-${a}`}>{TEXT.options[a]}</label>
          <span id={`availability-${a}-hint`} class="availability__hint">
            {TEXT.hints[a]}
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
