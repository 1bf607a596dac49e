/**
 * The bridge channel in Chromium, end to end: a real redis-server and the bundled bridge, the built
 * extension (loopback CRM preset) configured through the popup by its labels, and the PBX's part
 * played by RPUSH onto enigma:notifications:inbound. A v3 and a legacy notification for agent 1001
 * pop the record in the fixture CRM and show the caller panel in connected mode; with Answer calls
 * in the browser off, no REGISTER reaches the test PBX (its request log) and the pops still work;
 * a token signed with another secret shows 'Bridge: wrong token' in the popup.
 *
 * Needs `TELEFORGE_CRM_ORIGINS=http://127.0.0.1,http://localhost npx wxt build` first.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { legacyNotification, metric, pushAsPbx, v3Notification } from '../bridge/harness';
import { platformaHeaderLines } from '../pbx/platforma-headers';
import { startBrowserCaller } from './helpers/browser-caller';
import { AGENT, agentSettings, startAgentSession, type AgentSession } from './helpers/agent-session';
import { foreignToken, startBridgeSession, tokenFor, type BridgeSession } from './helpers/bridge-session';
import { crmSettings, endLiveCalls, openCrmTab, recordPops, ringFromCaller, settle, type CrmSession } from './helpers/crm-session';
import { fillSettingsForm, pollUntil, popupStatus, readPhoneState } from './helpers/extension';
import { clickPanelButton, readPanelDom, waitForPanel } from './helpers/panel-dom';
import { startCrm, type CrmServer } from '../crm/crm-server';

let session: AgentSession;
let bridge: BridgeSession;
let crm: CrmServer;
let crmTab: Page;
const dialogs: string[] = [];

const bridgeLine = (popup: Page) => popup.$eval('[data-field="bridge-status"]', (el) => el.textContent ?? '').catch(() => '');

beforeAll(async () => {
  bridge = await startBridgeSession();
  crm = await startCrm();
  session = await startAgentSession({ configure: false });
});

afterAll(async () => {
  await session?.close();
  await crm?.close();
  await bridge?.close();
});

/** Pushes `item` as the PBX does and waits for its record pop and its connected-mode panel. */
async function popFromRedis(item: object, contactRef: string, number: string) {
  const since = performance.now();
  await pushAsPbx(bridge.redis.client, item);
  const pop = await crm.waitForRequest((r) => r.path === `/contacts/${encodeURIComponent(contactRef)}` && r.at >= since, 20_000);
  const panel = await waitForPanel(crmTab, null, (p) => p.state === 'connected' && p.fields.number === number, 'the connected-call panel', 20_000);
  return { pop, panel };
}

describe('bridge channel (Chromium)', () => {
  it('with Answer calls in the browser off: no REGISTER, the popup says so, and a v3 push pops the record and the connected panel', async () => {
    const { popup, pbx } = session;
    await popup.bringToFront();
    await popup.click('#answerInBrowser');
    const token = await tokenFor(AGENT);
    await fillSettingsForm(popup, { ...agentSettings(pbx), ...crmSettings(crm), 'Bridge URL': bridge.url, 'Bridge token': token });
    await pollUntil('the popup to say "Bridge: connected"', () => bridgeLine(popup), (t) => t === 'Bridge: connected', { timeoutMs: 20_000 });
    expect(await popupStatus(popup)).toBe('Not answering in the browser');
    const state = await readPhoneState(popup);
    expect(state?.registration).toMatchObject({ state: 'unconfigured', reason: 'answer-in-browser-off' });
    expect(state?.bridge?.state).toBe('connected');

    crmTab = await openCrmTab(session.chromium.browser, crm, dialogs);
    const v3 = v3Notification(AGENT, 'E2E-V3-1', { contact_ref: 'ACC-V3', number: '07700900111' });
    const { panel } = await popFromRedis(v3, 'ACC-V3', '07700900111');
    expect(panel.buttons).toEqual(expect.arrayContaining(['Open record', 'Dismiss']));
    expect(panel.buttons).not.toContain('Answer');
    expect(panel.buttons).not.toContain('Decline');
    expect(panel.fields).toMatchObject({ contactRef: 'ACC-V3', callRef: 'E2E-V3-1' });

    expect(pbx.requests('REGISTER', AGENT)).toBe(0);
    // The token is a secret: the worker's mirror (readable by every extension page) never holds it.
    const mirrored = await popup.evaluate(async () => JSON.stringify(await chrome.storage.session.get(null)));
    expect(mirrored).toContain('E2E-V3-1');
    expect(mirrored).not.toContain(token.split('.')[2]);
    // The record was popped into the CRM tab, once.
    await settle(500);
    expect(recordPops(crm).filter((r) => r.path === '/contacts/ACC-V3')).toHaveLength(1);
    const { calls } = (await readPhoneState(popup))!;
    const call = calls.find((c) => c.notification.callRef === 'E2E-V3-1');
    expect(call).toMatchObject({ source: 'bridge', state: 'connected' });
    expect(call!.id).toMatch(/^bridge-/);

    // The extension acked it once the screen pop had it: the bridge will not send it again.
    await pollUntil('the ack to reach the bridge', () => metric(bridge.bridge, 'bridge_notifications_acked_total'), (n) => n >= 1);
    await clickPanelButton(crmTab, 'Dismiss', call!.id);
    await pollUntil('the dismissed call to go', () => readPhoneState(popup), (s) => !s?.calls.some((c) => c.id === call!.id));
    expect(pbx.requests('REGISTER', AGENT)).toBe(0);
  });

  it('a legacy push (campaign_ref, no call_dir) pops too; another agent’s push shows nothing', async () => {
    const since = performance.now();
    await pushAsPbx(bridge.redis.client, v3Notification('1002', 'E2E-OTHER', { contact_ref: 'ACC-OTHER' }));
    const legacy = legacyNotification(AGENT, 'E2E-LEGACY-1', { number: '07700900222', contact_ref: 'ACME-9' });
    const { panel } = await popFromRedis(legacy, 'ACME-9', '07700900222');
    expect(panel.fields).toMatchObject({ campaignRef: 'inbound', callRef: 'E2E-LEGACY-1' });
    await settle(500);
    expect(recordPops(crm, since).map((r) => r.path)).toEqual(['/contacts/ACME-9']);
  });

  it('Answer calls in the browser on again: it registers, and Redis pops still work beside it', async () => {
    const { popup, pbx } = session;
    await popup.bringToFront();
    await popup.click('#answerInBrowser');
    await popup.locator('::-p-aria(Save[role="button"])').click();
    await pollUntil('the popup to say "Registered as 1001"', () => popupStatus(popup), (t) => t === `Registered as ${AGENT}`, { timeoutMs: 20_000 });
    expect(pbx.requests('REGISTER', AGENT)).toBeGreaterThan(0);
    expect(await bridgeLine(popup)).toBe('Bridge: connected');
    await popFromRedis(v3Notification(AGENT, 'E2E-V3-2', { contact_ref: 'ACC-V3-2', number: '07700900333' }), 'ACC-V3-2', '07700900333');
  });

  it('the same call by both channels (WebRTC INVITE, then the Redis push with its call_ref) shows one panel and pops once', async () => {
    const { popup, pbx, chromium } = session;
    const caller = await startBrowserCaller(chromium.browser, pbx);
    const both = { ...session, caller, crm, crmTab, dialogs } as CrmSession;
    try {
      const { callId, since } = await ringFromCaller(both, platformaHeaderLines({ 'X-Platforma-Call-Ref': 'E2E-BOTH-1', 'X-Platforma-Contact-Ref': 'ACC-BOTH' }));
      await crm.waitForRequest((r) => r.path === '/contacts/ACC-BOTH' && r.at >= since, 20_000);
      await waitForPanel(crmTab, callId, (p) => p.state === 'ringing');
      await clickPanelButton(crmTab, 'Answer', callId);
      await waitForPanel(crmTab, callId, (p) => p.state === 'active');
      const acked = await metric(bridge.bridge, 'bridge_notifications_acked_total');
      await pushAsPbx(bridge.redis.client, v3Notification(AGENT, 'E2E-BOTH-1', { contact_ref: 'ACC-BOTH' }));
      await pollUntil('the bridge notification to be acked', () => metric(bridge.bridge, 'bridge_notifications_acked_total'), (n) => n > acked);
      await settle(500);
      const state = await readPhoneState(popup);
      expect(state?.calls.filter((c) => c.notification.callRef === 'E2E-BOTH-1').map((c) => [c.source, c.state])).toEqual([['sip', 'active']]);
      const dom = await readPanelDom(crmTab);
      expect(dom.panels.map((p) => p.callId)).toEqual([callId]);
      expect(recordPops(crm, since).filter((r) => r.path === '/contacts/ACC-BOTH')).toHaveLength(1);
    } finally {
      await endLiveCalls(both);
      await caller.close();
    }
  });

  it("a token signed with another secret shows 'Bridge: wrong token' in the popup, and the token is in no log of the bridge", async () => {
    const { popup } = session;
    const wrong = await foreignToken(AGENT);
    await fillSettingsForm(popup, { 'Bridge token': wrong });
    await pollUntil('the popup to say "Bridge: wrong token"', () => bridgeLine(popup), (t) => t === 'Bridge: wrong token', { timeoutMs: 20_000 });
    expect(JSON.stringify(bridge.bridge.logs)).not.toContain(wrong.split('.')[2]);
    expect(dialogs).toEqual([]);
  });
});
