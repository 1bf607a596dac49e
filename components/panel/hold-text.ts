import { msg } from '@/lib/content/panel-i18n';
import type { PanelCall } from '@/lib/screen-pop/panel-view';

/**
 * The strings of hold, call waiting and the keypad (locales/*.yml, `panel.*`), for the panel and
 * the popup. Getters: each read asks the browser's i18n then, not once when the module loads.
 */
export const HOLD_TEXT = {
  get hold() { return msg('panel.hold'); },
  get resume() { return msg('panel.resume'); },
  get holding() { return msg('panel.holding'); },
  get resuming() { return msg('panel.resuming'); },
  get onHold() { return msg('panel.onHold'); },
  get callerHolds() { return msg('panel.callerHolds'); },
  get keypad() { return msg('panel.keypad'); },
  get otherCalls() { return msg('panel.otherCalls'); },
  get ringing() { return msg('panel.ringing'); },
  get onCall() { return msg('panel.onCall'); },
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
