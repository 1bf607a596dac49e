import type { PanelCall } from '@/lib/screen-pop/panel-view';

/** The strings of hold, call waiting and the keypad in the panel, in one place for the locale files. */
export const HOLD_TEXT = {
  hold: 'Hold',
  resume: 'Resume',
  holding: 'Holding…',
  resuming: 'Resuming…',
  onHold: 'On hold',
  callerHolds: 'Caller has put you on hold',
  keypad: 'Keypad',
  otherCalls: 'Other calls',
  ringing: 'Ringing',
  onCall: 'On call',
};

/** The Hold button's label: what it does, or what is under way (the button is disabled then). */
export function holdButtonText(hold: PanelCall['hold']): string {
  if (hold === 'holding') return HOLD_TEXT.holding;
  if (hold === 'resuming') return HOLD_TEXT.resuming;
  return hold === 'held' ? HOLD_TEXT.resume : HOLD_TEXT.hold;
}

/** Pending (holding, resuming): the re-INVITE is out and only its answer moves the call on. */
export function holdPending(hold: PanelCall['hold']): boolean {
  return hold === 'holding' || hold === 'resuming';
}
