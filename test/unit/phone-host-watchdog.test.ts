import { describe, expect, it, vi } from 'vitest';
import { offscreenKeeper } from '@/lib/phone-host/offscreen-document';
import { offscreenLink } from '@/lib/phone-host/phone-link';
import {
  WATCHDOG_ALARM,
  WATCHDOG_PERIOD_MINUTES,
  startPhoneWatchdog,
  type AlarmsApi,
  type WatchdogDeps,
} from '@/lib/phone-host/phone-watchdog';

const config = {
  phone: { wsUrl: 'ws://127.0.0.1:5066/ws', domain: '127.0.0.1', ext: '1001', password: 'secret1001', displayName: '', iceServers: [] },
  bridge: null,
  answerInBrowser: true,
};

/** chrome.alarms as far as the watchdog sees it: alarms by name, and fire() in place of time. */
function fakeAlarms(existing: { name: string; periodInMinutes?: number }[] = []) {
  const alarms = new Map(existing.map((a) => [a.name, a]));
  const listeners = new Set<(alarm: { name: string }) => void>();
  const api = {
    get: vi.fn(async (name: string) => alarms.get(name)),
    create: vi.fn(async (name: string, info: { periodInMinutes: number }) => void alarms.set(name, { name, ...info })),
    onAlarm: {
      addListener: (cb: (alarm: { name: string }) => void) => void listeners.add(cb),
      removeListener: (cb: (alarm: { name: string }) => void) => void listeners.delete(cb),
    },
  } satisfies AlarmsApi;
  const fire = (name: string) => {
    for (const cb of listeners) cb({ name });
  };
  return { api, alarms, listeners, fire };
}

/** A Chrome-like offscreen document: the real keeper and link over a fake document and messages. */
function fakeOffscreen() {
  let open = true;
  let phoneConfig: unknown = 'never configured';
  const api = { hasDocument: vi.fn(async () => open), createDocument: vi.fn(async () => void (open = true)) };
  const send = vi.fn(async (name: string, payload?: unknown) => {
    if (!open) throw new Error('Could not establish connection. Receiving end does not exist.');
    if (name === 'phone/configure') phoneConfig = payload;
  });
  const link = offscreenLink(offscreenKeeper(api), send as never);
  return {
    api,
    link,
    close: () => {
      open = false;
      phoneConfig = 'never configured';
    },
    phoneConfig: () => phoneConfig,
  };
}

function setup(alarms = fakeAlarms(), offscreen = fakeOffscreen(), loadConfig = vi.fn(async () => config)) {
  const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const deps = { alarms: alarms.api, link: offscreen.link, loadConfig, logger } satisfies WatchdogDeps;
  const watchdog = startPhoneWatchdog(deps);
  return { alarms, offscreen, logger, loadConfig, watchdog };
}

describe('phone watchdog', () => {
  it("schedules a repeating alarm at Chrome's 30 s minimum when none exists", async () => {
    const { alarms, watchdog } = setup();
    await watchdog.scheduled;
    expect(alarms.api.create).toHaveBeenCalledWith(WATCHDOG_ALARM, { periodInMinutes: 0.5 });
    expect(WATCHDOG_PERIOD_MINUTES).toBe(0.5);
  });

  it('leaves an existing alarm alone, so frequent wakes do not push it back', async () => {
    const { alarms, watchdog } = setup(fakeAlarms([{ name: WATCHDOG_ALARM, periodInMinutes: 0.5 }]));
    await watchdog.scheduled;
    expect(alarms.api.create).not.toHaveBeenCalled();
  });

  it('replaces an alarm left with another period by an older version', async () => {
    const { alarms, watchdog } = setup(fakeAlarms([{ name: WATCHDOG_ALARM, periodInMinutes: 5 }]));
    await watchdog.scheduled;
    expect(alarms.alarms.get(WATCHDOG_ALARM)).toEqual({ name: WATCHDOG_ALARM, periodInMinutes: 0.5 });
  });

  it('listens from the first turn, before the alarm lookup settles', () => {
    const alarms = fakeAlarms();
    alarms.api.get.mockReturnValue(new Promise(() => {}));
    setup(alarms);
    expect(alarms.listeners.size).toBe(1);
  });

  it('recreates a closed offscreen document on the alarm and gives it the settings', async () => {
    const { alarms, offscreen } = setup();
    offscreen.close();
    alarms.fire(WATCHDOG_ALARM);
    await vi.waitFor(() => expect(offscreen.phoneConfig()).toEqual(config));
    expect(offscreen.api.createDocument).toHaveBeenCalledTimes(1);
  });

  it('repairs a running phone that never got its config, without recreating its page', async () => {
    const { alarms, offscreen } = setup();
    alarms.fire(WATCHDOG_ALARM);
    await vi.waitFor(() => expect(offscreen.phoneConfig()).toEqual(config));
    expect(offscreen.api.createDocument).not.toHaveBeenCalled();
  });

  it('ignores other alarms', async () => {
    const { alarms, offscreen, loadConfig } = setup();
    offscreen.close();
    alarms.fire('something-else');
    await new Promise((r) => setTimeout(r, 0));
    expect(offscreen.api.hasDocument).not.toHaveBeenCalled();
    expect(loadConfig).not.toHaveBeenCalled();
  });

  it('logs a failed round and tries again on the next alarm', async () => {
    const { alarms, offscreen, logger } = setup();
    offscreen.close();
    offscreen.api.createDocument.mockRejectedValueOnce(new Error('Page failed to load.'));
    alarms.fire(WATCHDOG_ALARM);
    await vi.waitFor(() => expect(logger.error).toHaveBeenCalledWith('watchdog could not restore the phone', expect.any(Error)));
    alarms.fire(WATCHDOG_ALARM);
    await vi.waitFor(() => expect(offscreen.phoneConfig()).toEqual(config));
  });

  it('stops listening on stop()', () => {
    const { alarms, watchdog } = setup();
    watchdog.stop();
    expect(alarms.listeners.size).toBe(0);
  });
});
