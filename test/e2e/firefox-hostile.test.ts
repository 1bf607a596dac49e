/**
 * Firefox ESR (MV2) on par with the Chromium hostile-values tests: every hostile X-Platforma header
 * set of test/pbx/hostile-invites.ts goes through the real PBX into the background page, which must
 * decode it to the expected cleaned values, and the caller panel in the CRM tab must show exactly
 * that cleaned text (fieldText), inject no element and open no dialog (the payloads call alert(1)
 * if they ever run). Then a call whose SIP Call-ID is "__proto__", followed by a normal call that
 * must still pop its record (hostile-call-id.test.ts in Chromium). The calls come from a SIP caller
 * in Node (test/pbx/sip-caller.ts, user 2001), as in hostile-call.test.ts: its small SDP lets the
 * 15,000-character value through Kamailio's 16 KB WebSocket frame, which the browser caller's
 * INVITE (a WebRTC SDP) would overflow (the PBX then drops that caller's connection).
 *
 * Needs `TELEFORGE_CRM_ORIGINS=http://127.0.0.1,http://localhost npx wxt build -b firefox` first.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { CallNotification } from '../../lib/call-notification';
import { fieldText, waitedText } from '../../lib/content/panel-text';
import { HOSTILE_CASES } from '../pbx/hostile-invites';
import { PLATFORMA_NOTIFICATION, platformaHeaderLines, platformaNotification } from '../pbx/platforma-headers';
import { startCaller, type CallerCall, type CallIdentity, type SipCaller } from '../pbx/sip-caller';
import { installEnglishMessages } from './helpers/english-messages';
import { pollUntil } from './helpers/extension';
import { FIREFOX_AGENT, newRinging, startFirefoxCrmSession, type FirefoxCrmSession } from './helpers/firefox-crm-session';
import { clickFirefoxPanelButton } from './helpers/firefox-panel';
import { readPanelDom, waitForPanel, type PanelSnapshot } from './helpers/panel-dom';

let session: FirefoxCrmSession;
let sip: SipCaller;
let live: CallerCall | undefined;

beforeAll(async () => {
  // The expected panel text comes from the panel's own text functions, in English as the browser shows it.
  await installEnglishMessages();
  session = await startFirefoxCrmSession();
  sip = await startCaller(session.pbx); // 2001, the caller the fixtures' fallback number expects
  const { crmTab, dialogs } = session;
  // Self-check: the dialog watch does see an alert in the CRM tab, so "no dialog" below means something.
  await crmTab.evaluate(() => void setTimeout(() => alert('self-check'), 0));
  await pollUntil('the self-check alert', async () => dialogs.length, (n) => n === 1);
  dialogs.length = 0;
});

afterEach(async () => {
  // A failed test must not leave a ringing call that turns the next INVITE into 486 Busy Here.
  if (live && live.finalCode() === undefined) await live.cancel().catch(() => {});
  live = undefined;
  await pollUntil('the phone to be idle', session.probe.read, (p) => !p?.phoneState?.calls.some((c) => c.state !== 'ended'), {
    timeoutMs: 10_000,
  }).catch(() => {});
});

afterAll(async () => {
  await sip?.stop();
  await session?.close();
});

/** Calls 1001 from the Node caller and waits until the background page mirrors the new call ringing. */
async function ring(headers: string[], identity: CallIdentity = {}): Promise<{ callId: string; since: number }> {
  const known = new Set((await session.probe.read())?.phoneState?.calls.map((c) => c.id));
  const since = performance.now();
  live = await sip.call(FIREFOX_AGENT, headers, identity);
  const report = await pollUntil('a new ringing call in the mirror', session.probe.read, (p) => (p ? newRinging(p, known) !== undefined : false));
  return { callId: newRinging(report!, known)!, since };
}

function panelFields(n: CallNotification): PanelSnapshot['fields'] {
  const f = fieldText;
  return {
    number: f(n.number),
    dialNumber: f(n.dialNumber),
    holdTime: waitedText(n.holdTimeSec),
    campaignRef: f(n.campaignRef),
    contactRef: f(n.contactRef),
    callRef: f(n.callRef),
  };
}

/** The caller gives up; the missed call's wrap-up is dismissed from the panel. */
async function cancelAndDismiss(callId: string): Promise<void> {
  const { crmTab } = session;
  await live!.cancel();
  expect(await live!.waitFinal()).toBe(487);
  await waitForPanel(crmTab, callId, (p) => p.state === 'ended');
  await clickFirefoxPanelButton(crmTab, 'Dismiss', callId);
  await pollUntil('the wrap-up view to go', () => readPanelDom(crmTab), (d) => !d.panels.some((p) => p.callId === callId));
}

// Runs first: the 16 hostile calls below come faster than the cap of 10 automatic pops a minute
// (decisions), and only this test asserts its pops.
it('a call whose Call-ID is "__proto__" shows its panel and pops; the next normal call does too', async () => {
  const { crm, crmTab } = session;
  await crmTab.bringToFront();
  const ref = `ACC-proto-${Date.now()}`;
  let since = performance.now();
  const { callId: hostileId } = await ring(platformaHeaderLines({ 'X-Platforma-Contact-Ref': ref }), { callId: '__proto__' });
  expect(hostileId).not.toContain('__proto__'); // the phone's own id, not the PBX's
  await crm.waitForRequest((r) => r.path === `/contacts/${ref}` && r.at >= since);
  await waitForPanel(crmTab, hostileId, (p) => p.state === 'ringing');
  await cancelAndDismiss(hostileId);

  since = performance.now();
  const next = `ACC-NEXT-${Date.now()}`;
  const { callId } = await ring(platformaHeaderLines({ 'X-Platforma-Contact-Ref': next }));
  await crm.waitForRequest((r) => r.path === `/contacts/${next}` && r.at >= since);
  const panel = await waitForPanel(crmTab, callId, (p) => p.state === 'ringing');
  expect(panel.fields.number).toBe(PLATFORMA_NOTIFICATION.number);
  expect(panel.fields.contactRef).toBe(next);
  await cancelAndDismiss(callId);
  expect(session.dialogs).toEqual([]);
});

it.each(HOSTILE_CASES)('$name: decoded as expected and shown as cleaned text in the panel', async ({ headers, expected }) => {
  const { crm, crmTab, probe, dialogs } = session;
  await crmTab.bringToFront();
  const { callId, since } = await ring(headers);
  const notification = (await probe.read())!.phoneState!.calls.find((c) => c.id === callId)!.notification;
  expect(notification).toEqual(platformaNotification(expected));

  const shown = await waitForPanel(crmTab, callId, (p) => p.state === 'ringing' && p.announcements.length > 0);
  expect(shown.fields).toEqual(panelFields(notification));
  const dom = await readPanelDom(crmTab);
  expect(dom.injected).toBe(0);
  // Any pop stayed on the CRM's record or search page.
  expect(crm.requests().filter((r) => r.at >= since && r.path !== '/search' && !r.path.startsWith('/contacts/') && r.path !== '/')).toEqual([]);
  await cancelAndDismiss(callId);
  expect(dialogs).toEqual([]);
});
