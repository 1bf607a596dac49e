import { useEffect, useState } from 'preact/hooks';
import { sendMessage } from '@/lib/messages';
import { createLogger } from '@/lib/phone-host/logger';
import type { PhoneState } from '@/lib/phone-host/phone-state';
import { phoneStateItem } from '@/lib/status/phone-state-store';

const logger = createLogger('popup');

/**
 * The phone state for the popup. Shows the worker's mirror at once (storage), then asks the
 * worker for a fresh state, which also wakes it and makes sure the phone runs; later changes
 * arrive through the storage watch. One subscription for the whole popup (status and call controls).
 */
export function usePhoneState(): PhoneState | null {
  const [state, setState] = useState<PhoneState | null>(null);
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
  return state;
}
