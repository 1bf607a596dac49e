import type { HoldState } from './types';

/**
 * Hold of an active call, driven by the answer to our re-INVITE, never by the button alone
 * (the diagram is in call-state.ts). 'talking' is the snapshot without a `hold` field.
 *
 *   talking ──hold──▶ holding ──answered (2xx)──▶ held ──resume──▶ resuming ──answered──▶ talking
 *      ▲                 │                          ▲                  │
 *      └────failed───────┘                          └──────failed──────┘
 *
 * A failed re-INVITE (non-2xx, timeout, transport error) goes back to where it started: the
 * media was not changed (SIP.js rolls the offer back), so the state must not be either (the
 * SIP.js #685 trap: a button that flips the state before the answer shows held audio as live).
 * One re-INVITE at a time: hold while holding or resuming is refused, not queued.
 */
export type HoldPhase = 'talking' | HoldState;
export type HoldEvent = 'hold' | 'resume' | 'answered' | 'failed';

const NEXT: Record<HoldPhase, Partial<Record<HoldEvent, HoldPhase>>> = {
  talking: { hold: 'holding' },
  holding: { answered: 'held', failed: 'talking' },
  held: { resume: 'resuming' },
  resuming: { answered: 'talking', failed: 'held' },
};

/** The phase after `event`, or null when the move is impossible from `from`. */
export function nextHold(from: HoldPhase, event: HoldEvent): HoldPhase | null {
  return NEXT[from][event] ?? null;
}

export function holdPhaseOf(hold: HoldState | undefined): HoldPhase {
  return hold ?? 'talking';
}

/** Whether our media is on hold or on its way there: what "held" means for swapping calls. */
export function isOnHold(hold: HoldState | undefined): boolean {
  return hold === 'held' || hold === 'holding';
}
