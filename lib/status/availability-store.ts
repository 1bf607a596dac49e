import { storage } from 'wxt/utils/storage';
import { AVAILABILITIES, type Availability } from '@/lib/phone/availability';

/**
 * The agent's availability, kept in storage.local so Do not disturb or Offline survives a browser
 * restart (an agent who went Offline at the end of a shift must not ring the next morning before
 * choosing Available). Written by the worker only ('status/availability').
 */
export const availabilityItem = storage.defineItem<Availability>('local:availability', { fallback: 'available' });

/** The stored value, or 'available' for anything else (a value from a later version, a hand edit). */
export async function loadAvailability(): Promise<Availability> {
  const value: unknown = await availabilityItem.getValue();
  return AVAILABILITIES.includes(value as Availability) ? (value as Availability) : 'available';
}
