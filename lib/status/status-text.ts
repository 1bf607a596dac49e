import type { BridgeStatus } from '@/lib/bridge-client';
import type { RegistrationStatus } from '@/lib/phone';
import { ANSWER_IN_BROWSER_OFF } from '@/lib/phone-host/phone-state';
import { AVAILABILITY_REASON } from '@/lib/phone/availability';

/**
 * One line an agent understands, for the popup (and, but for the reconnect wording, the
 * toolbar title: see badge.ts). `now` is passed in so the popup can re-render its reconnect
 * countdown every second.
 */
export function statusText(status: RegistrationStatus | null, now: number): string {
  if (status === null) return 'Checking…';
  const ext = status.ext ?? '';
  switch (status.state) {
    case 'unconfigured':
      // Answer calls in the browser is off: no registration on purpose (see PhoneHost.getState).
      if (status.reason === ANSWER_IN_BROWSER_OFF) return 'Not answering in the browser';
      // Offline, or Do not disturb by unregistering: off the PBX on purpose (PhoneHost.getState).
      if (status.reason === AVAILABILITY_REASON.offline) return 'Offline: not registered';
      if (status.reason === AVAILABILITY_REASON.dnd) return 'Do not disturb: not registered';
      return 'Not configured';
    case 'connecting':
    case 'registering':
      return 'Connecting…';
    case 'registered':
      return ext ? `Registered as ${ext}` : 'Registered';
    case 'reconnecting': {
      const seconds = secondsUntil(status.retryAt, now);
      return seconds > 0 ? `Reconnecting in ${seconds} s` : 'Reconnecting…';
    }
    case 'auth-failed':
      return ext ? `Wrong password for ${ext}` : 'Wrong extension or password';
    case 'error':
      return `Error: ${status.reason?.trim() || 'unknown'}`;
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
      return 'Bridge: connecting…';
    case 'connected':
      return 'Bridge: connected';
    case 'wrong-token':
      return 'Bridge: wrong token';
    case 'reconnecting': {
      const seconds = secondsUntil(status.retryAt, now);
      return seconds > 0 ? `Bridge: reconnecting in ${seconds} s` : 'Bridge: reconnecting…';
    }
    case 'error':
      return `Bridge: error: ${status.reason?.trim() || 'unknown'}`;
  }
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
