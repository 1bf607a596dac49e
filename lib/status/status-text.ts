import type { BridgeStatus } from '@/lib/bridge-client';
import type { RegistrationStatus } from '@/lib/phone';
import { ANSWER_IN_BROWSER_OFF } from '@/lib/phone-host/phone-state';
import { formatCount, t, uiLocale } from '@/lib/i18n';
import { AVAILABILITY_REASON } from '@/lib/phone/availability';

/**
 * One line an agent understands, for the popup (and, but for the reconnect wording, the
 * toolbar title: see badge.ts). `now` is passed in so the popup can re-render its reconnect
 * countdown every second.
 */
export function statusText(status: RegistrationStatus | null, now: number): string {
  if (status === null) return t('status.checking');
  const ext = status.ext ?? '';
  switch (status.state) {
    case 'unconfigured':
      // Answer calls in the browser is off: no registration on purpose (see PhoneHost.getState).
      if (status.reason === ANSWER_IN_BROWSER_OFF) return t('status.notAnswering');
      // Offline, or Do not disturb by unregistering: off the PBX on purpose (PhoneHost.getState).
      if (status.reason === AVAILABILITY_REASON.offline) return t('status.offline');
      if (status.reason === AVAILABILITY_REASON.dnd) return t('status.dndNotRegistered');
      return t('status.notConfigured');
    case 'connecting':
    case 'registering':
      return t('status.connecting');
    case 'registered':
      return ext ? t('status.registeredAs', [ext]) : t('status.registered');
    case 'reconnecting': {
      const seconds = secondsUntil(status.retryAt, now);
      return seconds > 0 ? t('status.reconnectingIn', [secondsText(seconds)]) : t('status.reconnecting');
    }
    case 'auth-failed':
      return ext ? t('status.wrongPasswordFor', [ext]) : t('status.wrongCredentials');
    case 'error':
      return t('status.error', [status.reason?.trim() || t('status.unknown')]);
  }
}

/**
 * The bridge's line under the phone's: 'Bridge: connected', 'Bridge: wrong token',
 * 'Bridge: reconnecting in 4 s'; null while it is off (no Bridge URL), so nothing is shown.
 */
export function bridgeStatusText(status: BridgeStatus | undefined, now: number): string | null {
  if (status === undefined) return null;
  switch (status.state) {
    case 'off':
      return null;
    case 'connecting':
      return t('status.bridgeConnecting');
    case 'connected':
      return t('status.bridgeConnected');
    case 'wrong-token':
      return t('status.bridgeWrongToken');
    case 'reconnecting': {
      const seconds = secondsUntil(status.retryAt, now);
      return seconds > 0 ? t('status.bridgeReconnectingIn', [secondsText(seconds)]) : t('status.bridgeReconnecting');
    }
    case 'error':
      return t('status.bridgeError', [status.reason?.trim() || t('status.unknown')]);
  }
}

/** '4 s' in the browser's language (settings.seconds: the unit may come first or be spelt differently). */
function secondsText(seconds: number): string {
  return t('settings.seconds', [formatCount(seconds, uiLocale())]);
}

/** Rounded up: "in 0 s" while a retry is still pending would read as a hang. */
export function secondsUntil(at: number | undefined, now: number): number {
  return at === undefined ? 0 : Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * Local wall-clock time "HH:MM:SS", rounded up to the second like secondsUntil: a retry
 * scheduled for 18:32:05.4 has not happened at 18:32:05.
 */
export function clockTime(at: number): string {
  const d = new Date(Math.ceil(at / 1000) * 1000);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}
