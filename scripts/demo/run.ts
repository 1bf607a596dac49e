/**
 * The demo itself (scripts/demo.mjs installs, builds, then runs this under vite-node): the test PBX, the
 * fixture CRM and Chromium with the built extension, configured as agent 1001 through the popup,
 * a CRM tab, and a caller page that calls the agent with realistic X-Platforma headers. Beside them a
 * local redis-server and the bridge (bridge/, the bundled build): after the WebRTC call the demo pushes
 * a v3 and a legacy notification for 1001 onto enigma:notifications:inbound as the PBX does, so both
 * channels show (the bridge's calls in the panel's connected mode).
 *
 * With a display: a real window that stays open until Ctrl-C; the caller page can place more calls.
 * Without one: headless; answers from the panel, holds and resumes, transfers the caller (blind) to
 * a colleague's WebRTC phone registered as 1002, fills in the wrap-up, lets a second call go
 * unanswered (missed), shows the popup's history, then pushes the two notifications, prints the
 * timeline and writes screenshots to demo-output/. Every wait has a timeout, and a watchdog ends a
 * run that takes far too long: a failed step prints what it waited for and exits non-zero.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { legacyNotification, pushAsPbx, startBridge, startRedis, v3Notification, type TestBridge, type TestRedis } from '../../test/bridge/harness';
import { tokenFor } from '../../test/bridge/tokens';
import { startCrm, type CrmServer } from '../../test/crm/crm-server';
import { AGENT, agentSettings } from '../../test/e2e/helpers/agent-session';
import { startBrowserCaller, type BrowserCaller } from '../../test/e2e/helpers/browser-caller';
import { crmSettings } from '../../test/e2e/helpers/crm-session';
import { extensionUrl, fillSettingsForm, pollUntil, popupStatus } from '../../test/e2e/helpers/extension';
import { launchChromium, ROOT, type LaunchedBrowser } from '../../test/e2e/helpers/launch-browser';
import { withClosedRoot } from '../../test/e2e/helpers/closed-root';
import { clickPanelButton, epochNow, PANEL_HOST, panelControl, readPanelDom, recordPanelEvents, waitForPanel, type PanelEvent } from '../../test/e2e/helpers/panel-dom';
import { startPbx, type Pbx } from '../../test/pbx/kamailio';
import { platformaHeaderLines } from '../../test/pbx/platforma-headers';
import { callerFormHtml } from './caller-form';

const OUT = path.join(ROOT, 'demo-output');
const headful = Boolean(process.env['DISPLAY'] || process.env['WAYLAND_DISPLAY']);
const VIEWPORT = { width: 1200, height: 760 };
const WATCHDOG_MS = 10 * 60_000;

let pbx: Pbx | undefined;
let crm: CrmServer | undefined;
let chromium: LaunchedBrowser | undefined;
let caller: BrowserCaller | undefined;
/** A colleague's WebRTC phone registered as 1002, the blind transfer's target: it answers every call. */
let colleague: BrowserCaller | undefined;
let redis: TestRedis | undefined;
let bridge: TestBridge | undefined;
let closing: Promise<void> | undefined;

/** Stops everything that was started, once, whatever ends the demo. */
function shutdown(): Promise<void> {
  closing ??= (async () => {
    await caller?.close().catch(() => {});
    await colleague?.close().catch(() => {});
    await chromium?.close().catch(() => {});
    await pbx?.stop().catch(() => {});
    await crm?.close().catch(() => {});
    await bridge?.stop().catch(() => {});
    await redis?.stop().catch(() => {});
  })();
  return closing;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  // process.on, not once: a second Ctrl-C while closing must not kill the demo half-way.
  process.on(signal, () => {
    if (closing) return;
    console.log(`\n${signal}: stopping the browser, the PBX and the CRM…`);
    void shutdown().then(() => process.exit(signal === 'SIGINT' ? 0 : 1));
  });
}

const log = (text: string) => console.log(`  ${text}`);

/** '1:05' -> 65; -1 when there is no timer. */
function timerSeconds(timer: string | null): number {
  const m = /^(\d+):(\d\d)$/.exec(timer ?? '');
  return m ? Number(m[1]) * 60 + Number(m[2]) : -1;
}

async function setUp(): Promise<{ crmTab: Page }> {
  crm = await startCrm();
  pbx = await startPbx();
  redis = await startRedis();
  bridge = await startBridge({ REDIS_URL: redis.url });
  log(`CRM ${crm.origin}, PBX ${pbx.wsUrl}, Redis ${redis.url}, bridge ${bridge.wsUrl}`);
  chromium = await launchChromium(
    headful ? { headless: false, viewport: null, extraArgs: ['--window-size=1280,860'] } : { headless: true, viewport: VIEWPORT },
  );
  const { browser, extensionId } = chromium;
  const popup = (await browser.pages())[0] ?? (await browser.newPage());
  await popup.goto(extensionUrl(extensionId, 'popup.html'));
  // The token as `npm run bridge -- token 1001` prints it (signed with the bridge's secret).
  const bridgeSettings = { 'Bridge URL': bridge.wsUrl, 'Bridge token': await tokenFor(AGENT) };
  await fillSettingsForm(popup, { ...agentSettings(pbx), ...crmSettings(crm), ...bridgeSettings });
  await pollUntil('the popup to say "Registered as 1001"', () => popupStatus(popup), (t) => t === `Registered as ${AGENT}`);
  await pollUntil('the popup to say "Bridge: connected"', () => bridgeStatus(popup), (t) => t === 'Bridge: connected');
  log(`extension configured through its popup: ${await popupStatus(popup)}, ${await bridgeStatus(popup)}`);
  caller = await startBrowserCaller(browser, pbx, '2001', headful ? callerFormHtml(AGENT) : '');
  colleague = await startBrowserCaller(browser, pbx, COLLEAGUE);
  await answerEveryCall(colleague);
  log(`colleague ${COLLEAGUE} registered (a second WebRTC page that answers every call)`);
  const crmTab = await browser.newPage();
  await crmTab.goto(`${crm.origin}/`);
  await crmTab.bringToFront();
  return { crmTab };
}

const COLLEAGUE = '1002';

/** The colleague answers whatever rings, as the transfer e2e test's target does. */
async function answerEveryCall(phone: BrowserCaller): Promise<void> {
  await phone.page.evaluate(() => {
    const w = window as unknown as { ua: any; session?: any };
    w.ua.delegate = {
      onInvite: (invitation: any) => {
        w.session = invitation;
        void invitation.accept({ sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } });
      },
    };
  });
}

/** The media direction the caller was last offered (a=sendonly while the agent holds it). */
function callerOfferedDirection(): Promise<string | null> {
  return caller!.page.evaluate(() => {
    const pc: RTCPeerConnection | undefined = (window as unknown as { session?: any }).session?.sessionDescriptionHandler?.peerConnection;
    return /a=(sendrecv|sendonly|recvonly|inactive)/.exec(pc?.remoteDescription?.sdp ?? '')?.[1] ?? null;
  });
}

/** RTP of the caller's referred call (SIP.js keeps it as the session's `_referral`): the caller and 1002 talking. */
function referredPackets(): Promise<{ sent: number; received: number } | null> {
  return caller!.page.evaluate(async () => {
    const referred = (window as unknown as { session?: { _referral?: any } }).session?._referral;
    const pc: RTCPeerConnection | undefined = referred?.sessionDescriptionHandler?.peerConnection;
    if (!pc || referred.state !== 'Established') return null;
    const totals = { sent: 0, received: 0 };
    (await pc.getStats()).forEach((s: { type: string; kind?: string; packetsSent?: number; packetsReceived?: number }) => {
      if (s.kind !== 'audio') return;
      if (s.type === 'outbound-rtp') totals.sent += s.packetsSent ?? 0;
      if (s.type === 'inbound-rtp') totals.received += s.packetsReceived ?? 0;
    });
    return totals;
  });
}

/** Clicks a panel control (input, select) with real mouse input, then types with real key events. */
async function typeInPanel(page: Page, name: string, role: string, callId: string, keys: string[] | string): Promise<void> {
  await page.bringToFront();
  const control = await panelControl(page, name, role, callId);
  await page.mouse.click(control.x, control.y);
  if (typeof keys === 'string') await page.keyboard.type(keys);
  else for (const key of keys) await page.keyboard.press(key as Parameters<Page['keyboard']['press']>[0]);
}

/** The wrap-up form's values in the panel of `callId`, read from the closed root (isolated world). */
async function wrapUpValues(page: Page, callId: string): Promise<{ disposition: string; note: string } | null> {
  return withClosedRoot(
    page,
    PANEL_HOST,
    (root: ShadowRoot | null, id: string) => {
      const form = root?.querySelector(`section[data-call-id="${CSS.escape(id)}"] form[data-part="wrap-up"]`);
      if (!form) return null;
      return {
        disposition: (form.querySelector('select[name="disposition"]') as HTMLSelectElement | null)?.value ?? '',
        note: (form.querySelector('textarea[name="note"]') as HTMLTextAreaElement | null)?.value ?? '',
      };
    },
    callId,
  );
}

function bridgeStatus(popup: Page): Promise<string> {
  return popup.$eval('[data-field="bridge-status"]', (el) => el.textContent ?? '').catch(() => '');
}

/** The two notifications the PBX pushes for 1001 once a call is bridged to a desk phone: v3, then pre-3.0. */
const BRIDGE_DEMO = [
  { name: 'v3', item: v3Notification(AGENT, 'c2d-981300', { number: '07700900777', contact_ref: 'ACC-7001', hold_time: 18 }), number: '07700900777' },
  { name: 'legacy', item: legacyNotification(AGENT, 'c2d-981301', { number: '07700900888', contact_ref: 'ACC-8001' }), number: '07700900888' },
] as const;

/** The wrap-up's "Saved" / "Sent to the CRM" text in the panel of `callId` ('' while not saved). */
function wrapUpSaved(page: Page, callId: string): Promise<string> {
  return withClosedRoot(
    page,
    PANEL_HOST,
    (root: ShadowRoot | null, id: string) =>
      root?.querySelector(`section[data-call-id="${CSS.escape(id)}"] [data-field="wrap-up-saved"]`)?.textContent ?? '',
    callId,
  );
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.bringToFront();
  await page.screenshot({ path: path.join(OUT, name) as `${string}.png` });
  log(`screenshot demo-output/${name}`);
}

/** A full-page shot of an extension page once `ready` is on it. */
async function extensionPageShot(file: string, name: string, viewport: { width: number; height: number }, ready: string): Promise<void> {
  const page = await chromium!.browser.newPage();
  try {
    await page.setViewport(viewport);
    await page.goto(extensionUrl(chromium!.extensionId, file));
    await page.waitForSelector(ready, { timeout: 10_000 });
    await new Promise((r) => setTimeout(r, 300)); // fonts and the status pill settle
    await page.bringToFront();
    await page.screenshot({ path: path.join(OUT, name) as `${string}.png`, fullPage: true });
    log(`screenshot demo-output/${name}`);
  } finally {
    await page.close();
  }
}

async function headlessRun(crmTab: Page): Promise<void> {
  await mkdir(OUT, { recursive: true });
  const events: PanelEvent[] = [];
  await recordPanelEvents(crmTab, (e) => events.push(e));
  const shown = (state: string) => events.find((e) => e.kind === 'panel' && e.state === state);

  const sinceInvite = performance.now();
  await caller!.call(AGENT, platformaHeaderLines());
  // From the moment the INVITE frame left the caller page (after its own offer and ICE gathering).
  const invite = (await caller!.inviteSentAt()) ?? epochNow();
  log('call placed: 07700900123 -> 1001 with the seven X-Platforma headers');
  const pop = await crm!.waitForRequest((r) => r.path.startsWith('/contacts/') && r.at >= sinceInvite);
  const ringing = await waitForPanel(crmTab, null, (p) => p.state === 'ringing');
  const callId = ringing.callId!;
  await pollUntil('the popped record to load', async () => crmTab.url(), (u) => u.endsWith(pop.path));
  await waitForPanel(crmTab, callId, (p) => p.state === 'ringing');
  await screenshot(crmTab, 'crm-panel-ringing.png');

  const answerClick = epochNow();
  await clickPanelButton(crmTab, 'Answer', callId);
  await pollUntil('the caller to be connected', () => caller!.sessionState(), (s) => s === 'Established');
  await pollUntil('audio from the agent at the caller', () => caller!.audioPackets(), (p) => p.received > 0 && p.sent > 0);
  await waitForPanel(crmTab, callId, (p) => p.state === 'active' && timerSeconds(p.timer) >= 3, 'the timer at 0:03');
  await screenshot(crmTab, 'crm-panel-active.png');

  const popupShot = await chromium!.browser.newPage();
  await popupShot.setViewport({ width: 380, height: 620 });
  await popupShot.goto(extensionUrl(chromium!.extensionId, 'popup.html'));
  await pollUntil('the popup status', () => popupStatus(popupShot), (t) => t !== '');
  await new Promise((r) => setTimeout(r, 500)); // the status pill and call controls settle
  await popupShot.bringToFront();
  await popupShot.screenshot({ path: path.join(OUT, 'popup-call.png') as `${string}.png`, fullPage: true });
  log('screenshot demo-output/popup-call.png');
  await popupShot.close();

  // Hold and resume from the panel: the caller is offered a=sendonly while held.
  const holdClick = epochNow();
  await clickPanelButton(crmTab, 'Hold', callId);
  await waitForPanel(crmTab, callId, (p) => p.buttons.includes('Resume'), 'the panel to show the call held');
  const heldAt = epochNow();
  await pollUntil('the caller to be offered a=sendonly (held)', callerOfferedDirection, (d) => d === 'sendonly');
  await screenshot(crmTab, 'crm-panel-held.png');
  const resumeClick = epochNow();
  await clickPanelButton(crmTab, 'Resume', callId);
  await waitForPanel(crmTab, callId, (p) => p.buttons.includes('Hold'), 'the panel to show the call resumed');
  const resumedAt = epochNow();
  await pollUntil('the caller to be offered a=sendrecv again', callerOfferedDirection, (d) => d === 'sendrecv');
  log('held and resumed from the panel (the caller was offered sendonly, then sendrecv)');

  // Blind transfer from the panel to the colleague: type 1002, Blind. The caller follows the REFER.
  await clickPanelButton(crmTab, 'Transfer', callId);
  await typeInPanel(crmTab, 'Transfer to', 'textbox', callId, COLLEAGUE);
  const transferClick = epochNow();
  await clickPanelButton(crmTab, 'Blind', callId);
  await waitForPanel(crmTab, callId, (p) => p.state === 'ended', 'the panel to show the call transferred', 30_000);
  const transferredAt = epochNow();
  await pollUntil("the caller's call with the agent to end", () => caller!.sessionState(), (s) => s === 'Terminated');
  await pollUntil(`${COLLEAGUE} to be in the call`, () => colleague!.sessionState(), (s) => s === 'Established', { timeoutMs: 30_000 });
  const first = await pollUntil(`RTP between the caller and ${COLLEAGUE}`, referredPackets, (p) => (p?.sent ?? 0) > 0 && (p?.received ?? 0) > 0, { timeoutMs: 30_000 });
  await pollUntil('that RTP to keep flowing', referredPackets, (p) => (p?.received ?? 0) > first!.received && (p?.sent ?? 0) > first!.sent);
  log(`blind transfer to ${COLLEAGUE}: the agent's call ended, the caller talks to ${COLLEAGUE} (RTP both ways)`);
  await screenshot(crmTab, 'crm-panel-transferred.png');

  // The wrap-up in the panel: a disposition (keyboard in the select) and a note, then Save.
  await typeInPanel(crmTab, 'Disposition', 'combobox', callId, ['ArrowDown', 'Enter']);
  await typeInPanel(crmTab, 'Note', 'textbox', callId, `Transferred to ${COLLEAGUE} (billing)`);
  const chosen = await pollUntil('a disposition and the note in the wrap-up', () => wrapUpValues(crmTab, callId), (v) => (v?.disposition ?? '') !== '' && (v?.note ?? '') !== '');
  await clickPanelButton(crmTab, 'Save wrap-up', callId);
  await pollUntil('the wrap-up to be saved', () => wrapUpSaved(crmTab, callId), (t) => t !== '');
  await screenshot(crmTab, 'crm-panel-wrap-up.png');
  log(`wrap-up saved from the panel: disposition "${chosen!.disposition}" and a note`);
  await colleague!.hangup();
  await clickPanelButton(crmTab, 'Dismiss', callId);
  await new Promise((r) => setTimeout(r, 300));
  await screenshot(crmTab, 'crm-record.png');
  // The popup as the phone after the call (Last calls), and the options page with its groups.
  await extensionPageShot('popup.html', 'popup-phone.png', { width: 380, height: 760 }, '.recent__call');
  await extensionPageShot('options.html', 'options-page.png', { width: 900, height: 1200 }, '#group-privacy');

  // A second call the caller gives up on while it rings: missed. Then the popup's history shows both.
  await caller!.call(AGENT, platformaHeaderLines({ 'X-Platforma-Call-Ref': 'c2d-981299', 'X-Platforma-Number': '07700900456', 'X-Platforma-Contact-Ref': 'ACC-4560' }));
  const missed = await waitForPanel(crmTab, null, (p) => p.state === 'ringing' && p.callId !== callId, 'the second call ringing');
  await new Promise((r) => setTimeout(r, 1_500));
  await caller!.cancel();
  await waitForPanel(crmTab, missed.callId, (p) => p.state === 'ended' && p.endReason === 'missed', 'the second call to end as missed');
  log('second call: the caller hung up while it rang (missed)');
  await clickPanelButton(crmTab, 'Dismiss', missed.callId ?? undefined);
  await pollUntil('the missed call panel to go', () => readPanelDom(crmTab), (d) => d.panels.length === 0);
  await extensionPageShot('popup.html', 'popup-history.png', { width: 380, height: 900 }, '[data-part="history"] [data-entry-id] + [data-entry-id]');

  // The Redis channel: the PBX pushes, the bridge delivers, the extension pops (connected mode).
  const bridgeTimes: string[] = [];
  for (const { name, item, number } of BRIDGE_DEMO) {
    const pushedAt = epochNow();
    const since = performance.now();
    await pushAsPbx(redis!.client, item);
    log(`pushed a ${name} notification for ${AGENT} onto enigma:notifications:inbound (${number})`);
    const bridgePop = await crm!.waitForRequest((r) => r.path.startsWith('/contacts/') && r.at >= since);
    const panel = await waitForPanel(crmTab, null, (p) => p.state === 'connected' && p.fields.number === number, `the ${name} connected panel`);
    await pollUntil('the popped record to load', async () => crmTab.url(), (u) => u.endsWith(bridgePop.path));
    const panelAt = events.find((e) => e.kind === 'panel' && e.state === 'connected' && e.at >= pushedAt)?.at;
    bridgeTimes.push(`${name} push -> panel ${panelAt === undefined ? 'n/a' : `${(panelAt - pushedAt).toFixed(0)} ms`}, -> record ${(bridgePop.at - since).toFixed(0)} ms (${bridgePop.rawUrl})`);
    await waitForPanel(crmTab, panel.callId, (p) => timerSeconds(p.timer) >= 2, 'the connected timer at 0:02');
    await screenshot(crmTab, `crm-panel-bridge-${name}.png`);
    await clickPanelButton(crmTab, 'Dismiss', panel.callId ?? undefined);
    await pollUntil('the bridge panel to go', () => readPanelDom(crmTab), (d) => d.panels.length === 0);
  }

  const ms = (at: number | undefined) => (at === undefined ? 'n/a' : `${(at - invite).toFixed(0)} ms`);
  const popAt = performance.timeOrigin + pop.at;
  console.log('\nTimeline (from the INVITE leaving the caller):');
  log(`panel shown, ringing         ${ms(shown('ringing')?.at)}  (in ${new URL(shown('ringing')?.url ?? crmTab.url()).pathname})`);
  log(`record requested from CRM    ${ms(popAt)}  (${pop.rawUrl})`);
  log(`Answer clicked               ${ms(answerClick)}`);
  log(`answered (panel 'active')    ${ms(shown('active')?.at)}  (${((shown('active')?.at ?? answerClick) - answerClick).toFixed(0)} ms after the click)`);
  log(`Hold clicked                 ${ms(holdClick)}  (panel 'Resume' ${(heldAt - holdClick).toFixed(0)} ms later, polled)`);
  log(`Resume clicked               ${ms(resumeClick)}  (panel 'Hold' ${(resumedAt - resumeClick).toFixed(0)} ms later, polled)`);
  log(`Blind (to ${COLLEAGUE}) clicked      ${ms(transferClick)}`);
  log(`ended (panel: transferred)   ${ms(transferredAt)}  (${(transferredAt - transferClick).toFixed(0)} ms after the click, polled)`);
  console.log('\nRedis channel (from the RPUSH):');
  for (const line of bridgeTimes) log(line);
  console.log(`\nScreenshots in ${path.relative(process.cwd(), OUT) || '.'}/`);
}

async function headfulRun(crmTab: Page): Promise<void> {
  await caller!.call(AGENT, platformaHeaderLines());
  await waitForPanel(crmTab, null, (p) => p.state === 'ringing').catch(() => {});
  await crmTab.bringToFront();
  // After the WebRTC call (answered and hung up, or declined), the Redis channel's turn.
  void (async () => {
    await pollUntil('the WebRTC call to end', () => caller!.sessionState(), (s) => s === 'Terminated', { timeoutMs: 24 * 3_600_000, intervalMs: 500 });
    for (const { name, item } of BRIDGE_DEMO) {
      await new Promise((r) => setTimeout(r, 2_000));
      await pushAsPbx(redis!.client, item);
      log(`pushed a ${name} notification for ${AGENT} into Redis: the panel shows it in connected mode`);
    }
  })().catch((e: unknown) => log(`the Redis pushes failed: ${String(e)}`));
  console.log(`
The demo is running. In the Chromium window:
  - the CRM tab shows the ringing caller panel and the popped record: Answer, Mute, Hold, Transfer (to
    ${COLLEAGUE}, a colleague's WebRTC phone in another tab that answers every call), Hang up, Decline…;
    after the call, the wrap-up with a disposition and a note;
  - once that call is over, a v3 and a legacy notification are pushed into Redis for ${AGENT}: the bridge
    delivers them and the panel shows each as a connected call (on a desk phone): Open record, Dismiss;
  - the "caller" tab places more calls ("Place another call"), with your own header values;
  - the extension's popup tab shows the status and the settings.
Press Ctrl-C here to stop (the browser, the PBX and the CRM are shut down).`);
  await new Promise(() => {}); // until a signal
}

async function main(): Promise<void> {
  console.log(`Teleforge Screen-Pop demo (${headful ? 'with a display: headful, stays open' : 'no display: headless run'})`);
  if (!headful) {
    // Each step waits with its own timeout; this only ends a run stuck somewhere none covers.
    setTimeout(() => {
      console.error(`\nThe demo failed: not done after ${WATCHDOG_MS / 60_000} minutes (a step hung).`);
      void shutdown().then(() => process.exit(1));
    }, WATCHDOG_MS).unref();
  }
  const { crmTab } = await setUp();
  if (headful) await headfulRun(crmTab);
  else await headlessRun(crmTab);
}

main()
  .then(async () => {
    await shutdown();
    process.exit(0);
  })
  .catch(async (error: unknown) => {
    console.error('\nThe demo failed:', error instanceof Error ? error.message : error);
    await shutdown();
    process.exit(1);
  });
