import { useEffect, useState } from 'preact/hooks';
import type { PhoneState } from '@/lib/phone-host/phone-state';
import { bridgeStatusText, statusText } from '@/lib/status/status-text';

/** Live registration status (state from usePhoneState). Ticks every second while a reconnect countdown is shown. */
export function StatusLine({ state }: { state: PhoneState | null }) {
  const registration = state?.registration ?? null;
  const bridge = state?.bridge;
  const now = useNow(registration?.state === 'reconnecting' || bridge?.state === 'reconnecting');
  const bridgeText = bridgeStatusText(bridge, now);
  return (
    <>
      <p role="status" class={`status-line status-line--${registration?.state ?? 'unknown'}`}>
        {statusText(registration, now)}
      </p>
      {bridgeText !== null && (
        <p role="status" data-field="bridge-status" class={`status-line status-line--bridge-${bridge?.state ?? 'off'}`}>
          {bridgeText}
        </p>
      )}
    </>
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
