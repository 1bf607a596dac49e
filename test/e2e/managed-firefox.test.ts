/**
 * Fleet deployment in Firefox ESR: the add-on's part of deploy/policies/firefox-policies.json (with
 * this run's PBX and CRM) goes into the policies.json Debian's firefox-esr reads, before the
 * browser starts. The extension takes the PBX, the extension number and the CRM from
 * storage.managed; the only value stored the usual way is the password, which policy never sets
 * (the agent types it; BiDi cannot open the popup, so the helper stores it). It registers and pops
 * a call. Observed from outside: the PBX, the CRM's request log, the background page's probe.
 *
 * Needs `TELEFORGE_CRM_ORIGINS=http://127.0.0.1,http://localhost npx wxt build -b firefox` first, and root.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCrm, type CrmServer } from '../crm/crm-server';
import { startPbx, type Pbx } from '../pbx/kamailio';
import { platformaHeaderLines } from '../pbx/platforma-headers';
import { startBrowserCaller, type BrowserCaller } from './helpers/browser-caller';
import { pollUntil } from './helpers/extension';
import { seededFirefoxBuild, startFirefoxProbe, type FirefoxProbe, type SeededBuild } from './helpers/firefox-extension';
import { launchFirefox } from './helpers/launch-browser';
import { firefoxExamplePolicy } from './helpers/policy-files';

const AGENT = '1001';

let pbx: Pbx;
let crm: CrmServer;
let probe: FirefoxProbe;
let build: SeededBuild | undefined;
let firefox: Awaited<ReturnType<typeof launchFirefox>> | undefined;
let caller: BrowserCaller | undefined;

beforeAll(async () => {
  pbx = await startPbx();
  crm = await startCrm();
  probe = await startFirefoxProbe();
  const policy = {
    ...firefoxExamplePolicy(),
    pbxUrl: pbx.wsUrl,
    extension: AGENT,
    recordUrlTemplate: `${crm.origin}/contacts/{contact_ref}`,
    searchUrlTemplate: `${crm.origin}/search?q={number}`,
  };
  build = await seededFirefoxBuild({ password: pbx.users[AGENT]! }, probe.port, undefined, { policy });
  firefox = await launchFirefox(build.dir);
});

afterAll(async () => {
  await caller?.close();
  await firefox?.close();
  await build?.remove();
  await pbx?.stop();
  await crm?.close();
  await probe?.close();
});

it('reads the policy from policies.json into storage.managed', async () => {
  const report = await pollUntil('the probe to report storage.managed', probe.read, (p) => Array.isArray(p?.managed) && p.managed.length > 0, {
    timeoutMs: 30_000,
  });
  expect(report!.managed).toEqual(expect.arrayContaining(['pbxUrl', 'extension', 'recordUrlTemplate', 'lockedSettings']));
});

it('registers with the PBX from policy, and pops the CRM record of a call', async () => {
  await pollUntil('the background page to register 1001', probe.read, (p) => p?.phoneState?.registration.state === 'registered', {
    timeoutMs: 30_000,
  });
  caller = await startBrowserCaller(firefox!.browser, pbx);
  const crmTab = await firefox!.browser.newPage();
  await crmTab.goto(`${crm.origin}/`);
  await crmTab.bringToFront();
  const ref = 'ACC-POLICY-FF';
  const since = performance.now();
  await caller.call(AGENT, platformaHeaderLines({ 'X-Platforma-Contact-Ref': ref }));
  const pop = await crm.waitForRequest((r) => r.path.startsWith('/contacts/') && r.at >= since, 20_000);
  expect(pop.path).toBe(`/contacts/${ref}`);
  await caller.cancel();
  expect((await probe.read())?.passwordInStorageLocal).toBe(false);
});
