/**
 * Fault injection: the browser offline then online (CDP Network.emulateNetworkConditions on the
 * offscreen document, where the phone's WebSocket lives; the PBX restarts meanwhile so the open socket
 * drops as it would with a real network loss), and the settings changed while registered
 * (another extension, another password, through the popup form), checked against Kamailio's location
 * table: the old registration is removed, no contact is left twice. One browser and one PBX for the
 * file; every case ends with a call that pops.
 *
 * Needs `TELEFORGE_CRM_ORIGINS=http://127.0.0.1,http://localhost npx wxt build` first.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { CDPSession } from 'puppeteer-core';
import { AGENT } from './helpers/agent-session';
import { endLiveCalls, startCrmSession, type CrmSession } from './helpers/crm-session';
import { fillSettingsForm, offscreenPage, pollUntil, popupStatus, readPhoneState } from './helpers/extension';
import { expectNextCallPops, waitForRegisteredSince } from './helpers/faults';

let session: CrmSession;
let network: CDPSession | undefined;

beforeAll(async () => {
  session = await startCrmSession();
});

afterEach(async () => {
  await setOffline(false).catch(() => {});
  await endLiveCalls(session);
});

afterAll(async () => {
  await network?.detach().catch(() => {});
  await session?.close();
});

/** Offline or online for the offscreen document: its page fires 'offline' / 'online'. */
async function setOffline(offline: boolean): Promise<void> {
  if (!network) {
    const offscreen = await offscreenPage(session.chromium.browser, session.chromium.extensionId);
    network = await offscreen.createCDPSession();
    await network.send('Network.enable');
  }
  await network.send('Network.emulateNetworkConditions', { offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
}

it('offline then online: reconnects at once on "online", before the scheduled try', async () => {
  const { popup, pbx, chromium } = session;
  const offscreen = await offscreenPage(chromium.browser, chromium.extensionId);
  await offscreen.evaluate(() => {
    const w = window as unknown as { onlineEvents: number };
    w.onlineEvents = 0;
    window.addEventListener('online', () => (w.onlineEvents += 1));
  });
  await setOffline(true);
  expect(await offscreen.evaluate(() => navigator.onLine)).toBe(false);
  // Emulated offline only refuses new connections; an open WebSocket on loopback stays up. What a
  // lost network does to it, the PBX restart does here: the socket drops, every reconnect fails.
  await pbx.restart();
  await session.caller.reconnect(); // the caller page is not offline
  // Offline, every try fails at once and the next is scheduled 0.5-1.5 s ahead
  // (reconnect-schedule.ts). Go online the moment the next try is still most of a second away:
  // registered before that try was due proves the 'online' event, not the schedule, reconnected.
  const waiting = await pollUntil(
    'a reconnect scheduled at least 900 ms ahead while offline',
    () => readPhoneState(popup),
    (s) => s?.registration.state === 'reconnecting' && (s.registration.retryAt ?? 0) - Date.now() > 900,
    { timeoutMs: 60_000, intervalMs: 20 },
  );
  const retryAt = waiting!.registration.retryAt!;
  const onlineAt = Date.now();
  await setOffline(false);
  const state = await waitForRegisteredSince(popup, onlineAt, 30_000);
  console.info(
    `online -> registered in ${state.registration.since - onlineAt} ms; the schedule would have tried ${retryAt - onlineAt} ms after online`,
  );
  expect(state.registration.since).toBeLessThan(retryAt);
  expect(await offscreen.evaluate(() => (window as unknown as { onlineEvents: number }).onlineEvents)).toBe(1);
  await expectNextCallPops(session, 'ONLINE');
}, 120_000);

/** Saves `fields` in the popup and waits for it to say "Registered as `ext`". */
async function saveAndRegister(fields: Record<string, string>, ext: string): Promise<void> {
  const { popup } = session;
  await fillSettingsForm(popup, fields);
  await pollUntil(`the popup to say "Registered as ${ext}"`, () => popupStatus(popup), (t) => t === `Registered as ${ext}`, { timeoutMs: 30_000 });
}

it('settings changed while registered: the old registration is removed at the PBX, never a duplicate contact', async () => {
  const { pbx, popup } = session;
  const contacts = async () => ({ a: await pbx.contacts(AGENT), b: await pbx.contacts('1002') });
  expect((await contacts()).a).toHaveLength(1);

  await saveAndRegister({ Extension: '1002', Password: pbx.users['1002']! }, '1002');
  // The un-REGISTER is answered before the new REGISTER is sent: no window to wait for.
  expect(await contacts()).toMatchObject({ a: [], b: [expect.any(String)] });

  // Back to 1001: 1002's contact goes, 1001 has one again (not the old one and a new one).
  await saveAndRegister({ Extension: AGENT, Password: pbx.users[AGENT]! }, AGENT);
  expect(await contacts()).toMatchObject({ a: [expect.any(String)], b: [] });

  // A wrong password: the registration that worked is removed, nothing new is accepted.
  await fillSettingsForm(popup, { Password: 'not-the-password' });
  await pollUntil('the popup to say "Wrong password for 1001"', () => popupStatus(popup), (t) => t === `Wrong password for ${AGENT}`);
  expect(await contacts()).toMatchObject({ a: [], b: [] });

  const fixedAt = Date.now();
  await fillSettingsForm(popup, { Password: pbx.users[AGENT]! });
  await waitForRegisteredSince(popup, fixedAt);
  expect(await contacts()).toMatchObject({ a: [expect.any(String)], b: [] });

  // Saving the same settings again changes nothing at the PBX.
  const registers = pbx.requests('REGISTER', AGENT);
  const before = (await contacts()).a;
  await fillSettingsForm(popup, { Password: pbx.users[AGENT]! });
  await pollUntil('the popup to say it saved', () => popup.$eval('.save-state', (el) => el.textContent ?? ''), (t) => t === 'Saved');
  await new Promise((r) => setTimeout(r, 1_000));
  expect(pbx.requests('REGISTER', AGENT)).toBe(registers);
  expect((await contacts()).a).toEqual(before);

  await expectNextCallPops(session, 'SETTINGS');
});
