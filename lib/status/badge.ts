import type { PhoneState } from '@/lib/phone-host/phone-state';
import { statusText } from './status-text';

/**
 * What the toolbar button shows for a phone state. A ringing call wins over the
 * registration (it needs the agent now); otherwise the registration decides:
 *
 *   ringing       'RING'  green   "Incoming call from …"
 *   registered    ''      -       "Registered as 1001"   (no badge: the normal case is quiet)
 *   connecting    '…'     grey    "Connecting…"
 *   reconnecting  '…'     amber   "Reconnecting in 4 s"
 *   auth-failed   '!'     red     "Wrong password for 1001"
 *   error         '!'     red     "Error: …"
 *   unconfigured  '?'     grey    "Not configured"
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

export function badgeFor(state: PhoneState, now: number): Badge {
  const ringing = state.calls.find((c) => c.state === 'ringing');
  if (ringing) {
    const from = ringing.notification.number || 'unknown number';
    return { text: 'RING', color: BADGE_COLORS.ringing, title: `${APP}: incoming call from ${from}` };
  }
  const { registration } = state;
  const title = `${APP}: ${statusText(registration, now)}`;
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
