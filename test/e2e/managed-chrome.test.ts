/**
 * Fleet deployment in Chromium: the machine policy (deploy/policies/chrome-linux.json, the
 * extension's part, with this run's PBX and CRM) is written to Debian's policy folder before the
 * browser starts. With no settings saved, the extension takes the PBX, the extension number and the
 * CRM from policy; the agent types only the password (never set by policy), the phone registers,
 * a call pops the record; locked fields are read-only in the popup with 'Set by your organisation';
 * a policy change while running applies live (the phone registers again with the new values).
 *
 * Needs `TELEFORGE_CRM_ORIGINS=http://127.0.0.1,http://localhost npx wxt build` first, and root
 * (the policy folder is the machine's).
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCrm, type CrmServer } from '../crm/crm-server';
import { startPbx, type Pbx } from '../pbx/kamailio';
import { platformaHeaderLines } from '../pbx/platforma-headers';
import { startBrowserCaller, type BrowserCaller } from './helpers/browser-caller';
import { openCrmTab, watchDialogs } from './helpers/crm-session';
import { fillSettingsForm, openExtensionPage, pollUntil, popupStatus, readPhoneState } from './helpers/extension';
import { CHROME_BUILD, launchChromium, type LaunchedBrowser } from './helpers/launch-browser';
import { chromeExamplePolicy, chromiumPolicyFile, unpackedExtensionId, type PolicyFile } from './helpers/policy-files';

const AGENT = '1001';
const LOCKED_TEXT = 'Set by your organisation';

let pbx: Pbx;
let crm: CrmServer;
let policyFile: PolicyFile | undefined;
let chromium: LaunchedBrowser | undefined;
let caller: BrowserCaller | undefined;
let popup: Page;
let policy: Record<string, unknown>;
const dialogs: string[] = [];

beforeAll(async () => {
  pbx = await startPbx();
  crm = await startCrm();
  // The example as an admin would fill it in, with this run's servers; per-agent extension added
  // (on Linux there is no user-scope policy: a desk's machine file, or the agent types it).
  policy = {
    ...chromeExamplePolicy(),
    pbxUrl: pbx.wsUrl,
    extension: AGENT,
    recordUrlTemplate: `${crm.origin}/contacts/{contact_ref}`,
    searchUrlTemplate: `${crm.origin}/search?q={number}`,
  };
  const extensionId = unpackedExtensionId(CHROME_BUILD);
  policyFile = chromiumPolicyFile(extensionId, policy);
  chromium = await launchChromium();
  expect(chromium.extensionId, 'the id computed before launch must be the one Chromium gave').toBe(extensionId);
  popup = await openExtensionPage(chromium.browser, chromium.extensionId, 'popup.html');
  watchDialogs(popup, 'popup', dialogs);
});

afterAll(async () => {
  await caller?.close();
  await chromium?.close();
  policyFile?.remove();
  await pbx?.stop();
  await crm?.close();
});

const managedFromPage = () => popup.evaluate(() => chrome.storage.managed.get(null));
const inputState = (label: string) =>
  popup.evaluate((text) => {
    const el = [...document.querySelectorAll('label')].find((l) => l.textContent?.trim() === text)?.control as HTMLInputElement | HTMLSelectElement | null;
    if (!el) return null;
    const note = document.getElementById(`${el.id}-locked`)?.textContent ?? null;
    return { value: el.value, readOnly: 'readOnly' in el ? el.readOnly : false, disabled: el.disabled, note };
  }, label);

it('takes the policy with no settings saved: the popup shows it, locked fields read-only with the text', async () => {
  // Chromium hands managed values to the extension a few seconds after install.
  await pollUntil('the policy in storage.managed', managedFromPage, (m) => m['pbxUrl'] === pbx.wsUrl, { timeoutMs: 30_000 });
  // The phone knows the PBX and extension already; only the password is missing.
  expect((await readPhoneState(popup))?.registration.state).toBe('unconfigured');
  await popup.reload();
  const pbxField = await pollUntil('the PBX URL from policy in the popup', () => inputState('PBX WebSocket URL'), (s) => s?.value === pbx.wsUrl);
  expect(pbxField).toEqual({ value: pbx.wsUrl, readOnly: true, disabled: false, note: LOCKED_TEXT });
  expect(await inputState('CRM record URL template')).toMatchObject({ value: policy['recordUrlTemplate'], readOnly: true, note: LOCKED_TEXT });
  expect(await inputState('When to pop')).toMatchObject({ value: 'ring', disabled: true, note: LOCKED_TEXT });
  // Unlocked policy values are defaults the agent may change.
  expect(await inputState('Extension')).toEqual({ value: AGENT, readOnly: false, disabled: false, note: null });
  expect(await inputState('Where to pop')).toMatchObject({ value: 'reuse-tab', disabled: false, note: null });
  expect(await inputState('Connection timeout')).toMatchObject({ value: '5', disabled: false, note: null });
});

it('registers once the agent types the password, and saving keeps locked fields out of storage.local', async () => {
  await fillSettingsForm(popup, { Password: pbx.users[AGENT]! });
  await pollUntil('the popup to say "Registered as 1001"', () => popupStatus(popup), (t) => t === `Registered as ${AGENT}`, { timeoutMs: 30_000 });
  const local = JSON.stringify(await popup.evaluate(() => chrome.storage.local.get(null)));
  expect(local).not.toContain(pbx.wsUrl);
  expect(local).not.toContain(crm.origin);
  expect(local).not.toContain(pbx.users[AGENT]!);
});

it('pops the CRM record of an inbound call', async () => {
  caller = await startBrowserCaller(chromium!.browser, pbx);
  watchDialogs(caller.page, 'caller', dialogs);
  const crmTab = await openCrmTab(chromium!.browser, crm, dialogs);
  const ref = 'ACC-POLICY-1';
  const since = performance.now();
  await caller.call(AGENT, platformaHeaderLines({ 'X-Platforma-Contact-Ref': ref }));
  await pollUntil('the call ringing in the mirror', () => readPhoneState(popup), (s) => s?.calls.some((c) => c.state === 'ringing') ?? false);
  const pop = await crm.waitForRequest((r) => r.path.startsWith('/contacts/') && r.at >= since);
  expect(pop.path).toBe(`/contacts/${ref}`);
  await pollUntil('the CRM tab at the record', async () => crmTab.url(), (u) => u === `${crm.origin}/contacts/${ref}`);
  await caller.cancel();
  await pollUntil('the phone to be idle', () => readPhoneState(popup), (s) => !s?.calls.some((c) => c.state !== 'ended'));
  expect(dialogs).toEqual([]);
});

it('applies a policy change while running: the phone registers again with the new value, the popup shows it', async () => {
  const registersBefore = pbx.requests('REGISTER', AGENT);
  policyFile!.write({ ...policy, displayName: 'Desk 7', lockedSettings: [...(policy['lockedSettings'] as string[]), 'displayName'] });
  // Chromium watches its policy folder; the new values arrive through storage.onChanged (area managed).
  await pollUntil('the new policy in storage.managed', managedFromPage, (m) => m['displayName'] === 'Desk 7', { timeoutMs: 60_000 });
  await pollUntil('a new REGISTER from 1001', async () => pbx.requests('REGISTER', AGENT), (n) => n > registersBefore, { timeoutMs: 30_000 });
  await pollUntil('the popup to say "Registered as 1001"', () => popupStatus(popup), (t) => t === `Registered as ${AGENT}`, { timeoutMs: 30_000 });
  await popup.reload();
  await pollUntil('the locked display name in the popup', () => inputState('Display name'), (s) => s?.value === 'Desk 7' && s.readOnly && s.note === LOCKED_TEXT);
});
