import type { PhoneState } from '@/lib/phone-host/phone-state';
import { t } from '@/lib/i18n';

/**
 * The agent's availability (available / do not disturb / offline) beside the registration, once
 * the phone state carries it (`availability`, added with the availability feature); nothing until then.
 */
export function AvailabilitySlot({ state }: { state: PhoneState | null }) {
  const availability = (state as (PhoneState & { availability?: unknown }) | null)?.availability;
  if (typeof availability !== 'string') return null;
  return (
    <p class="status-line status-line--availability" data-field="availability">
      {t('status.availability', [availability])}
    </p>
  );
}
