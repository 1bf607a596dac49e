import { useEffect, useState } from 'preact/hooks';
import type { PhoneState } from '@/lib/phone-host/phone-state';
import { statusText } from '@/lib/status/status-text';

/** Live registration status (state from usePhoneState). Ticks every second while a reconnect countdown is shown. */
export function StatusLine({ state }: { state: PhoneState | null }) {
  const registration = state?.registration ?? null;
  const now = useNow(registration?.state === 'reconnecting');
  return (
    <p role="status" class={`status-line status-line--${registration?.state ?? 'unknown'}`}>
      {statusText(registration, now)}
    </p>
  );
}

function useNow(ticking: boolean): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    setNow(Date.now());
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}
