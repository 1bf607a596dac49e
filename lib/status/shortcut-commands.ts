// Relative: wxt.config.ts imports this file, outside the '@' alias.
import { nextAvailability, type Availability } from '../phone/availability';
import type { CallSnapshot } from '@/lib/phone';
import type { PhoneState } from '@/lib/phone-host/phone-state';

/**
 * The keyboard shortcuts (manifest `commands`, wxt.config.ts). Chrome lets an extension suggest
 * keys for at most four commands; the others start unbound and the agent sets them at
 * chrome://extensions/shortcuts (Firefox: about:addons, Manage Extension Shortcuts). Keys need
 * Alt or Ctrl; Alt+Shift+letter is what few pages or desktops take.
 */
export const SHORTCUT_COMMANDS = {
  'answer-call': { description: 'Answer the ringing call', suggestedKey: 'Alt+Shift+A' },
  'decline-call': { description: 'Decline the ringing call', suggestedKey: 'Alt+Shift+D' },
  'hang-up': { description: 'Hang up the current call', suggestedKey: 'Alt+Shift+H' },
  'toggle-mute': { description: 'Mute or unmute the current call', suggestedKey: 'Alt+Shift+M' },
  'toggle-hold': { description: 'Hold or resume the current call' },
  'toggle-availability': { description: 'Switch between Available and Do not disturb' },
} as const satisfies Record<string, { description: string; suggestedKey?: string }>;

export type ShortcutCommand = keyof typeof SHORTCUT_COMMANDS;

/** The manifest's `commands` key. */
export function manifestCommands(): Record<string, { description: string; suggested_key?: { default: string } }> {
  return Object.fromEntries(
    Object.entries(SHORTCUT_COMMANDS).map(([name, c]) => [
      name,
      { description: c.description, ...('suggestedKey' in c && { suggested_key: { default: c.suggestedKey } }) },
    ]),
  );
}

/** What a shortcut does given the phone's state: the same actions as the popup's buttons. */
export type ShortcutAction =
  | { kind: 'accept'; callId: string }
  /** 603 Decline, as the popup's Decline button. */
  | { kind: 'reject'; callId: string; code: 603 }
  | { kind: 'hangup'; callId: string }
  | { kind: 'mute'; callId: string; muted: boolean }
  | { kind: 'hold'; callId: string; held: boolean }
  | { kind: 'availability'; availability: Availability }
  | { kind: 'none'; why: string };

/** Only the phone's own calls can be answered here (a bridge call is on the desk phone). */
const sipCall = (state: PhoneState | null, callState: CallSnapshot['state']) =>
  state?.calls.find((c) => c.source === 'sip' && c.state === callState);

export function shortcutAction(command: string, state: PhoneState | null): ShortcutAction {
  const ringing = sipCall(state, 'ringing');
  const active = sipCall(state, 'active');
  switch (command as ShortcutCommand) {
    case 'answer-call':
      return ringing ? { kind: 'accept', callId: ringing.id } : { kind: 'none', why: 'no call is ringing' };
    case 'decline-call':
      return ringing ? { kind: 'reject', callId: ringing.id, code: 603 } : { kind: 'none', why: 'no call is ringing' };
    case 'hang-up':
      return active ? { kind: 'hangup', callId: active.id } : { kind: 'none', why: 'no call is active' };
    case 'toggle-mute':
      return active ? { kind: 'mute', callId: active.id, muted: !active.muted } : { kind: 'none', why: 'no call is active' };
    case 'toggle-hold': {
      // Held or not is the phone's report (hold-state.ts), not the last key press.
      return active ? { kind: 'hold', callId: active.id, held: active.hold !== 'held' } : { kind: 'none', why: 'no call is active' };
    }
    case 'toggle-availability':
      return { kind: 'availability', availability: nextAvailability(state?.availability ?? 'available') };
    default:
      return { kind: 'none', why: `unknown command ${JSON.stringify(String(command).slice(0, 64))}` };
  }
}
