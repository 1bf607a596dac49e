/**
 * The bridge channel in Firefox ESR (MV2: the persistent background page hosts the phone and the
 * bridge connection), end to end: a real redis-server and the bundled bridge, a copy of the built
 * extension seeded with the settings (Bridge URL, an agent token, Answer calls in the browser off;
 * BiDi cannot open the popup, see helpers/firefox-extension.ts), and the PBX's part played by RPUSH.
 * A v3 and a legacy notification pop the record in the fixture CRM and show the caller panel in
 * connected mode; no REGISTER reaches the test PBX, and the background page's mirror says why.
 *
 * Needs `TELEFORGE_CRM_ORIGINS=http://127.0.0.1,http://localhost npx wxt build -b firefox` first.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../lib/settings/schema';
import { legacyNotification, metric, pushAsPbx, v3Notification } from '../bridge/harness';
import { startCrm, type CrmServer } from '../crm/crm-server';
import { startPbx, type Pbx } from '../pbx/kamailio';
import { startBridgeSession, tokenFor, type BridgeSession } from './helpers/bridge-session';
import { recordPops, settle, watchDialogs } from './helpers/crm-session';
import { pollUntil } from './helpers/extension';
import { seededFirefoxBuild, startFirefoxProbe, type FirefoxProbe, type SeededBuild } from './helpers/firefox-extension';
import { clickFirefoxPanelButton } from './helpers/firefox-panel';
import { launchFirefox } from './helpers/launch-browser';
import { readPanelDom, waitForPanel } from './helpers/panel-dom';

const AGENT = '1001';

let pbx: Pbx;
let crm: CrmServer;
let bridge: BridgeSession;
let probe: FirefoxProbe;
let build: SeededBuild;
let firefox: Awaited<ReturnType<typeof launchFirefox>>;
let crmTab: Page;
const dialogs: string[] = [];

beforeAll(async () => {
  pbx = await startPbx();
  crm = await startCrm();
  bridge = await startBridgeSession();
  probe = await startFirefoxProbe();
  build = await seededFirefoxBuild(
    {
      ...DEFAULT_SETTINGS,
      // The phone settings are there, but the agent answers on a desk phone: no registration.
      pbxUrl: pbx.wsUrl,
      extension: AGENT,
      password: pbx.users[AGENT]!,
      answerInBrowser: false,
      bridgeUrl: bridge.url,
      bridgeToken: await tokenFor(AGENT),
      recordUrlTemplate: `${crm.origin}/contacts/{contact_ref}`,
      searchUrlTemplate: `${crm.origin}/search?q={number}`,
    },
    probe.port,
  );
  firefox = await launchFirefox(build.dir);
  await pollUntil('the background page to connect to the bridge', probe.read, (p) => p?.phoneState?.bridge?.state === 'connected', {
    timeoutMs: 30_000,
  });
  crmTab = await firefox.browser.newPage();
  watchDialogs(crmTab, 'crm tab', dialogs);
  await crmTab.goto(`${crm.origin}/`);
  await crmTab.bringToFront();
});

afterAll(async () => {
  await firefox?.close();
  await bridge?.close();
  await pbx?.stop();
  await crm?.close();
  await probe?.close();
  await build?.remove();
});

async function popFromRedis(item: object, contactRef: string, number: string) {
  const since = performance.now();
  await pushAsPbx(bridge.redis.client, item);
  await crm.waitForRequest((r) => r.path === `/contacts/${encodeURIComponent(contactRef)}` && r.at >= since, 20_000);
  const panel = await waitForPanel(crmTab, null, (p) => p.state === 'connected' && p.fields.number === number, 'the connected-call panel', 20_000);
  return { panel, since };
}

it('Answer calls in the browser off: no REGISTER reaches the PBX, and the mirror says why', async () => {
  const report = await probe.read();
  expect(report?.phoneState?.registration).toMatchObject({ state: 'unconfigured', reason: 'answer-in-browser-off' });
  await settle(1_000);
  expect(pbx.requests('REGISTER', AGENT)).toBe(0);
});

it('a v3 push pops the record and the connected-call panel (Open record, Dismiss; no Answer)', async () => {
  const { panel, since } = await popFromRedis(v3Notification(AGENT, 'FF-V3-1', { contact_ref: 'ACC-FF3', number: '07700900444' }), 'ACC-FF3', '07700900444');
  expect(panel.buttons).toEqual(expect.arrayContaining(['Open record', 'Dismiss']));
  expect(panel.buttons).not.toContain('Answer');
  expect(panel.fields).toMatchObject({ contactRef: 'ACC-FF3', callRef: 'FF-V3-1' });
  await pollUntil('the ack to reach the bridge', () => metric(bridge.bridge, 'bridge_notifications_acked_total'), (n) => n >= 1);
  await settle(500);
  expect(recordPops(crm, since).map((r) => r.path)).toEqual(['/contacts/ACC-FF3']);
  await clickFirefoxPanelButton(crmTab, 'Dismiss', panel.callId ?? undefined);
  await pollUntil('the panel to go', () => readPanelDom(crmTab), (d) => d.panels.length === 0);
});

it('a legacy push pops too, and still no REGISTER', async () => {
  const { panel } = await popFromRedis(legacyNotification(AGENT, 'FF-LEGACY-1', { number: '07700900555', contact_ref: 'ACME-FF' }), 'ACME-FF', '07700900555');
  expect(panel.fields).toMatchObject({ campaignRef: 'inbound', callRef: 'FF-LEGACY-1' });
  expect(pbx.requests('REGISTER', AGENT)).toBe(0);
  expect(dialogs).toEqual([]);
});
