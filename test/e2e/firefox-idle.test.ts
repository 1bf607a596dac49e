/**
 * Firefox ESR (MV2): the registration survives two minutes of nothing. The persistent background
 * page hosts the phone; nothing may unload it, close its WebSocket or let the registration lapse
 * while no call comes (Firefox suspends idle event pages, and idle timers are throttled). For
 * IDLE_MS the test only watches: the background page's mirror, sampled every second, must say
 * "registered" throughout; then a call must still ring and pop the record in the CRM tab.
 *
 * Needs `TELEFORGE_CRM_ORIGINS=http://127.0.0.1,http://localhost npx wxt build -b firefox` first.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { platformaHeaderLines } from '../pbx/platforma-headers';
import { recordPops, settle } from './helpers/crm-session';
import { pollUntil } from './helpers/extension';
import { endLiveFirefoxCalls, FIREFOX_AGENT, ringInFirefox, startFirefoxCrmSession, type FirefoxCrmSession } from './helpers/firefox-crm-session';
import { clickFirefoxPanelButton } from './helpers/firefox-panel';
import { readPanelDom, waitForPanel } from './helpers/panel-dom';

/** Two minutes, as the issue asks: long enough for Firefox's idle handling of background pages. */
const IDLE_MS = 120_000;

let session: FirefoxCrmSession;

beforeAll(async () => {
  session = await startFirefoxCrmSession();
});

afterAll(async () => {
  await endLiveFirefoxCalls(session);
  await session?.close();
});

it(
  'stays registered through two idle minutes and still pops the next call',
  async () => {
    const { pbx, probe, crm, crmTab, caller } = session;
    const registersBefore = pbx.requests('REGISTER', FIREFOX_AGENT);
    const states = new Map<string, number>();
    let lastReportAt = 0;
    let reports = 0;
    const started = Date.now();
    let previous: unknown;
    while (Date.now() - started < IDLE_MS) {
      await settle(1_000);
      const report = await probe.read();
      // The probe reports every 100 ms from the background page: a stale report means it stopped.
      if (report !== previous) {
        reports++;
        lastReportAt = Date.now();
        previous = report;
      }
      const state = report?.phoneState?.registration.state ?? 'none';
      states.set(state, (states.get(state) ?? 0) + 1);
    }
    const registers = pbx.requests('REGISTER', FIREFOX_AGENT) - registersBefore;
    console.log(
      `Firefox idle ${IDLE_MS / 1000} s: registration states sampled ${JSON.stringify(Object.fromEntries(states))}, ` +
        `${registers} REGISTER(s) during the wait, ${reports} fresh probe reports`,
    );
    expect([...states.keys()]).toEqual(['registered']);
    expect(Date.now() - lastReportAt).toBeLessThan(5_000); // the background page was still running at the end

    await crmTab.bringToFront();
    const { callId, since } = await ringInFirefox(session, platformaHeaderLines({ 'X-Platforma-Call-Ref': 'CR-FF-IDLE-1' }));
    await crm.waitForRequest((r) => r.path === '/contacts/ACC-5567' && r.at >= since);
    const panel = await waitForPanel(crmTab, callId, (p) => p.state === 'ringing');
    expect(panel.fields.callRef).toBe('CR-FF-IDLE-1');
    await caller.cancel();
    await pollUntil('the caller to get 487', () => caller.finalStatus(), (s) => s === 487);
    await waitForPanel(crmTab, callId, (p) => p.state === 'ended');
    await clickFirefoxPanelButton(crmTab, 'Dismiss', callId);
    await pollUntil('the wrap-up view to go', () => readPanelDom(crmTab), (d) => !d.panels.some((p) => p.callId === callId));
    expect(recordPops(crm, since)).toHaveLength(1);
  },
  IDLE_MS + 90_000,
);
