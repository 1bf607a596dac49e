import type { RegistrationStatus } from '@/lib/phone';

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
