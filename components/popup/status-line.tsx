import { useEffect, useState } from 'preact/hooks';
import { sendMessage } from '@/lib/messages';
import { createLogger } from '@/lib/phone-host/logger';
import type { PhoneState } from '@/lib/phone-host/phone-state';
import { phoneStateItem } from '@/lib/status/phone-state-store';
import { statusText } from '@/lib/status/status-text';

const logger = createLogger('popup');

/**
 * Live registration status. Shows the worker's mirror at once (storage), then asks the worker
 * for a fresh state, which also wakes it and makes sure the phone runs; later changes arrive
 * through the storage watch. Ticks every second while a reconnect countdown is shown.
 */
export function StatusLine() {
  const [state, setState] = useState<PhoneState | null>(null);
  const now = useNow(state?.registration.state === 'reconnecting');

  useEffect(() => {
    let open = true;
    const unwatch = phoneStateItem.watch((value) => {
      if (value) setState(value);
    });
    // The stored copy only fills the gap until something fresher arrives.
    phoneStateItem
      .getValue()
      .then((value) => open && value && setState((current) => current ?? value))
      .catch((e: unknown) => logger.warn('could not read the stored status', e));
    sendMessage('status/get')
      .then((fresh) => open && setState(fresh))
      .catch((e: unknown) => logger.warn('could not ask for the status', e));
    return () => {
      open = false;
      unwatch();
    };
  }, []);

  const registration = state?.registration ?? null;
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
