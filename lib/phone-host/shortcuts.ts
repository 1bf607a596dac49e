import type { Availability } from '@/lib/phone/availability';
import { shortcutAction, type ShortcutAction } from '@/lib/status/shortcut-commands';
import type { Logger } from './logger';
import type { PhoneLink } from './phone-link';

export interface ShortcutDeps {
  /** browser.commands.onCommand; its listener must be added in the worker's first turn. */
  onCommand: { addListener(cb: (command: string) => void): void; removeListener(cb: (command: string) => void): void };
  link: PhoneLink;
  /** The same path as the popup's 'status/availability': stored, then applied. */
  setAvailability: (availability: Availability) => Promise<void>;
  logger: Logger;
}

/**
 * Turns a keyboard shortcut into the action the popup's button would take, on the phone's fresh
 * state (asked of the phone page, not the worker's mirror, which may be a moment behind).
 * Returns the unsubscribe function.
 */
export function startShortcuts(deps: ShortcutDeps): () => void {
  const { link, logger } = deps;
  const run = async (action: ShortcutAction): Promise<void> => {
    switch (action.kind) {
      case 'accept':
        return link.accept(action.callId);
      case 'reject':
        return link.reject(action.callId, action.code);
      case 'hangup':
        return link.hangup(action.callId);
      case 'mute':
        return link.mute(action.callId, action.muted);
      case 'hold':
        return link.hold(action.callId, action.held);
      case 'availability':
        return deps.setAvailability(action.availability);
      case 'none':
        logger.info(`shortcut: nothing to do (${action.why})`);
        return;
    }
  };
  const listener = (command: string): void => {
    void (async () => {
      const action = shortcutAction(command, await link.getState());
      logger.info(`shortcut ${command}: ${action.kind}`);
      await run(action);
    })().catch((e: unknown) => logger.warn(`shortcut ${command} failed`, e));
  };
  deps.onCommand.addListener(listener);
  return () => deps.onCommand.removeListener(listener);
}
