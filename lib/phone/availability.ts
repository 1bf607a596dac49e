/**
 * The agent's availability, chosen in the popup or by the keyboard shortcut, kept across
 * browser restarts (lib/status/availability-store.ts):
 *
 * ```txt
 *              ┌──────────── any choice, any time ────────────┐
 *              v                                              v
 *   available ───────────────> dnd ─────────────────────> offline
 *   registered, rings      'reject':     registered,      unregistered, no reconnect
 *                          INVITE -> 486 (a missed call)
 *                          'unregister': REGISTER expires 0,
 *                          stays unregistered
 * ```
 * Every move between the three is allowed (the agent decides); only the three values are (zod
 * at the message boundary). A move that unregisters waits for a live call to end: choosing
 * Offline mid-call must not cut the caller off (PhoneHost.configure).
 */
export const AVAILABILITIES = ['available', 'dnd', 'offline'] as const;
export type Availability = (typeof AVAILABILITIES)[number];

/** What Do not disturb does: answer each INVITE 486 Busy Here, or take the extension off the PBX. */
export const DND_MODES = ['reject', 'unregister'] as const;
export type DndMode = (typeof DND_MODES)[number];

export interface AvailabilityPlan {
  /** Whether the phone holds a registration at the PBX (and reconnects when it drops). */
  register: boolean;
  /** Whether the phone answers every new INVITE 486 Busy Here at once (it never rings). */
  rejectIncoming: boolean;
}

export function availabilityPlan(availability: Availability, dndMode: DndMode): AvailabilityPlan {
  switch (availability) {
    case 'available':
      return { register: true, rejectIncoming: false };
    case 'dnd':
      return dndMode === 'reject' ? { register: true, rejectIncoming: true } : { register: false, rejectIncoming: false };
    case 'offline':
      return { register: false, rejectIncoming: false };
  }
}

/** The keyboard shortcut's toggle: Available <-> Do not disturb; from Offline back to Available. */
export function nextAvailability(current: Availability): Availability {
  return current === 'available' ? 'dnd' : 'available';
}

/** The registration's reason while unregistered on purpose by the availability (statusText). */
export const AVAILABILITY_REASON: Record<Exclude<Availability, 'available'>, string> = {
  dnd: 'availability-dnd',
  offline: 'availability-offline',
};

/** The end detail of a call refused by Do not disturb (listed as missed). */
export const DND_DETAIL = 'do not disturb: answered 486 Busy Here';
