import type { PhoneHostConfig } from './phone-state';
import type { Logger } from './logger';
import type { PhoneLink } from './phone-link';

/**
 * Chrome (MV3) may close or crash the offscreen document that holds the phone, and nothing
 * about that wakes the worker: until some other event did, calls would not ring. A repeating
 * alarm wakes the worker every 30 s (Chrome's minimum period) to put things right:
 *
 *   alarm ──▶ link.ensure() ──document there──▶ configure(settings)  (a no-op for the Phone
 *                 │                                  ▲                 when it already runs them)
 *                 └─missing: create it───────────────┘  the new page also asks 'phone/hello'
 *
 * Sending the settings' config each time also repairs a phone left unconfigured or on old
 * settings by a lost message; the Phone compares configs and changes nothing when they match.
 * Firefox needs none of this: its persistent background page hosts the phone itself.
 */
export const WATCHDOG_ALARM = 'phone-watchdog';
/** Chrome refuses shorter periods for a packed extension (and warns for an unpacked one). */
export const WATCHDOG_PERIOD_MINUTES = 0.5;

/** The part of chrome.alarms the watchdog uses, so tests can pass a fake. */
export interface AlarmsApi {
  get(name: string): Promise<{ name: string; periodInMinutes?: number } | undefined>;
  create(name: string, info: { periodInMinutes: number }): Promise<void>;
  onAlarm: {
    addListener(cb: (alarm: { name: string }) => void): void;
    removeListener(cb: (alarm: { name: string }) => void): void;
  };
}

export interface WatchdogDeps {
  alarms: AlarmsApi;
  link: Pick<PhoneLink, 'ensure' | 'configure'>;
  loadConfig: () => Promise<PhoneHostConfig>;
  logger: Logger;
}

export interface Watchdog {
  /** Settles once the alarm is known to exist (for tests; the worker does not wait). */
  scheduled: Promise<void>;
  stop(): void;
}

/**
 * Call synchronously when the worker starts: Chrome delivers the alarm that woke a stopped
 * worker only to listeners added in its first turn.
 */
export function startPhoneWatchdog(deps: WatchdogDeps): Watchdog {
  const { alarms, logger } = deps;
  const onAlarm = (alarm: { name: string }): void => {
    if (alarm.name !== WATCHDOG_ALARM) return;
    void checkPhone(deps).catch((e: unknown) => logger.error('watchdog could not restore the phone', e));
  };
  alarms.onAlarm.addListener(onAlarm);
  return {
    scheduled: schedule(alarms).catch((e: unknown) => logger.error('could not schedule the watchdog', e)),
    stop: () => alarms.onAlarm.removeListener(onAlarm),
  };
}

/** One watchdog round: the phone's page exists and runs the current settings. */
export async function checkPhone(deps: Pick<WatchdogDeps, 'link' | 'loadConfig'>): Promise<void> {
  await deps.link.ensure();
  await deps.link.configure(await deps.loadConfig());
}

/**
 * Creates the alarm only when it is missing (first install, after an update or a browser
 * restart dropped it): create() on an existing name restarts its period, and a worker woken
 * more often than every 30 s would then push the alarm back for ever.
 */
async function schedule(alarms: AlarmsApi): Promise<void> {
  const existing = await alarms.get(WATCHDOG_ALARM);
  if (existing?.periodInMinutes === WATCHDOG_PERIOD_MINUTES) return;
  await alarms.create(WATCHDOG_ALARM, { periodInMinutes: WATCHDOG_PERIOD_MINUTES });
}

/** The real API. Chrome only (see offscreen-document.ts for why it sits behind a build flag). */
export function chromeAlarmsApi(): AlarmsApi {
  return {
    get: (name) => chrome.alarms.get(name),
    create: (name, info) => chrome.alarms.create(name, info),
    onAlarm: chrome.alarms.onAlarm,
  };
}
