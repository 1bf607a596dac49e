import type { PhoneState } from '@/lib/phone-host/phone-state';
import type { RegistrationStatus } from '@/lib/phone';
import { clockTime, statusText } from './status-text';

/**
 * What the toolbar button shows for a phone state. A ringing call wins over the
 * registration (it needs the agent now); otherwise the registration decides:
 *
 *   ringing       'RING'  green   "Incoming call from …"
 *   registered    ''      -       "Registered as 1001"   (no badge: the normal case is quiet)
 *   connecting    '…'     grey    "Connecting…"
 *   reconnecting  '…'     amber   "Reconnecting…, next try at 18:32:05"
 *   auth-failed   '!'     red     "Wrong password for 1001"
 *   error         '!'     red     "Error: …"
 *   unconfigured  '?'     grey    "Not configured"
 *
 * The agent's availability (lib/phone/availability.ts) comes after a ringing call and a failure
 * ('!': the agent must fix it whatever they chose):
 *
 *   dnd           'DND'   red     "Do not disturb: calls are refused"
 *   offline       'OFF'   grey    "Offline: not taking calls"
 *
 * Missed calls the agent has not looked at yet (lib/history) show as their count, red, over the
 * quiet states (registered, connecting, reconnecting, not configured); a ringing call, a broken
 * registration ('!') and DND / OFF still win, and the title names the count either way.
 *
 * The title names the time of the next try instead of counting down like the popup does: it is
 * set once per reported state by the worker, which Chrome stops after ~30 s idle, so a countdown
 * would freeze at a stale "in 4 s" (and ticking it each second would keep the worker awake, as
 * every extension API call resets its idle timer). A wall-clock time stays true while the worker
 * sleeps; when it passes, the phone's retry reports 'connecting', which wakes the worker and
 * replaces the title.
 */
export interface Badge {
  text: string;
  color: string;
  title: string;
}

export const BADGE_COLORS = {
  ringing: '#188038',
  neutral: '#5f6368',
  warning: '#e37400',
  alert: '#d93025',
} as const;

const APP = 'Teleforge Screen-Pop';

export function badgeFor(state: PhoneState, now: number, missed = 0): Badge {
  const badge = phoneBadge(state, now);
  if (missed <= 0) return badge;
  const title = `${badge.title} (${missed === 1 ? '1 missed call' : `${missed} missed calls`})`;
  // A ringing call, a broken registration and a chosen availability stay in sight; the title counts.
  if (badge.text === 'RING' || badge.text === '!' || badge.text === 'DND' || badge.text === 'OFF') return { ...badge, title };
  return { text: missed > 99 ? '99+' : String(missed), color: BADGE_COLORS.alert, title };
}

function phoneBadge(state: PhoneState, now: number): Badge {
  const ringing = state.calls.find((c) => c.state === 'ringing');
  if (ringing) {
    const from = ringing.notification.number || 'unknown number';
    return { text: 'RING', color: BADGE_COLORS.ringing, title: `${APP}: incoming call from ${from}` };
  }
  const plain = registrationBadge(state.registration, now);
  if (plain.text === '!' || state.availability === undefined || state.availability === 'available') return plain;
  return state.availability === 'dnd'
    ? { text: 'DND', color: BADGE_COLORS.alert, title: `${APP}: do not disturb: calls are refused` }
    : { text: 'OFF', color: BADGE_COLORS.neutral, title: `${APP}: offline: not taking calls` };
}

function registrationBadge(registration: RegistrationStatus, now: number): Badge {
  const title = `${APP}: ${titleText(registration, now)}`;
  switch (registration.state) {
    case 'registered':
      return { text: '', color: BADGE_COLORS.neutral, title };
    case 'connecting':
    case 'registering':
      return { text: '…', color: BADGE_COLORS.neutral, title };
    case 'reconnecting':
      return { text: '…', color: BADGE_COLORS.warning, title };
    case 'auth-failed':
    case 'error':
      return { text: '!', color: BADGE_COLORS.alert, title };
    case 'unconfigured':
      return { text: '?', color: BADGE_COLORS.neutral, title };
  }
}

function titleText(registration: RegistrationStatus, now: number): string {
  const { state, retryAt } = registration;
  if (state === 'reconnecting' && retryAt !== undefined && retryAt > now) {
    return `Reconnecting…, next try at ${clockTime(retryAt)}`;
  }
  return statusText(registration, now);
}
