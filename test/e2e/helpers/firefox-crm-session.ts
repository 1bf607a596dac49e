/**
 * The usual start of a Firefox screen-pop e2e file, the counterpart of crm-session.ts: the test
 * PBX, the fixture CRM, a copy of the Firefox build seeded with agent 1001's settings and the CRM
 * templates (BiDi cannot open the popup: firefox-extension.ts), the notice probe
 * (firefox-notices.ts), Firefox ESR, a WebRTC caller page and one CRM tab in front.
 */
import type { Page } from 'puppeteer-core';
import { startCrm, type CrmServer } from '../../crm/crm-server';
import { DEFAULT_SETTINGS, type Settings } from '../../../lib/settings/schema';
import { startPbx, type Pbx } from '../../pbx/kamailio';
import { startBrowserCaller, type BrowserCaller } from './browser-caller';
import { openCrmTab, watchDialogs } from './crm-session';
import { pollUntil } from './extension';
import { seededFirefoxBuild, startFirefoxProbe, type FirefoxProbe, type FirefoxProbeReport, type SeededBuild } from './firefox-extension';
import { addNoticeProbe, type FirefoxNotices } from './firefox-notices';
import { launchFirefox, type LaunchedBrowser } from './launch-browser';

export const FIREFOX_AGENT = '1001';

export interface FirefoxCrmSession {
  pbx: Pbx;
  crm: CrmServer;
  probe: FirefoxProbe;
  notices: FirefoxNotices;
  firefox: Omit<LaunchedBrowser, 'extensionId'>;
  caller: BrowserCaller;
  crmTab: Page;
  dialogs: string[];
  close(): Promise<void>;
}

export async function startFirefoxCrmSession(settings: Partial<Settings> = {}): Promise<FirefoxCrmSession> {
  const pbx = await startPbx();
  const crm = await startCrm();
  const probe = await startFirefoxProbe();
  const dialogs: string[] = [];
  let build: SeededBuild | undefined;
  let notices: FirefoxNotices | undefined;
  let firefox: Omit<LaunchedBrowser, 'extensionId'> | undefined;
  let caller: BrowserCaller | undefined;
  const close = async () => {
    await caller?.close();
    await firefox?.close();
    await pbx.stop();
    await crm.close();
    await probe.close();
    await notices?.close();
    await build?.remove();
  };
  try {
    build = await seededFirefoxBuild(
      {
        ...DEFAULT_SETTINGS,
        pbxUrl: pbx.wsUrl,
        extension: FIREFOX_AGENT,
        password: pbx.users[FIREFOX_AGENT]!,
        recordUrlTemplate: `${crm.origin}/contacts/{contact_ref}`,
        searchUrlTemplate: `${crm.origin}/search?q={number}`,
        lookupSelector: '#crm-lookup',
        ...settings,
      },
      probe.port,
    );
    notices = await addNoticeProbe(build);
    firefox = await launchFirefox(build.dir);
    await pollUntil('the background page to register 1001', probe.read, (p) => p?.phoneState?.registration.state === 'registered', {
      timeoutMs: 30_000,
    });
    caller = await startBrowserCaller(firefox.browser, pbx);
    watchDialogs(caller.page, 'caller', dialogs);
    const crmTab = await openCrmTab(firefox.browser, crm, dialogs);
    return { pbx, crm, probe, notices, firefox, caller, crmTab, dialogs, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Places a call from the caller page and waits until the background page mirrors it ringing. */
export async function ringInFirefox(session: FirefoxCrmSession, headers: string[]): Promise<{ callId: string; since: number }> {
  const known = new Set((await session.probe.read())?.phoneState?.calls.map((c) => c.id));
  const since = performance.now();
  await session.caller.call(FIREFOX_AGENT, headers);
  const report = await pollUntil('a new ringing call in the mirror', session.probe.read, (p) =>
    p?.phoneState?.calls.some((c) => c.state === 'ringing' && !known.has(c.id)) ?? false,
  );
  return { callId: newRinging(report!, known)!, since };
}

export function newRinging(report: FirefoxProbeReport, known: Set<string>): string | undefined {
  return report.phoneState?.calls.find((c) => c.state === 'ringing' && !known.has(c.id))?.id;
}

/** Ends a call a failed test left behind, so the next INVITE does not get 486 Busy Here. */
export async function endLiveFirefoxCalls(session: FirefoxCrmSession | undefined): Promise<void> {
  if (!session) return;
  const state = await session.caller.sessionState().catch(() => 'none');
  if (state === 'Establishing') await session.caller.cancel().catch(() => {});
  if (state === 'Established') await session.caller.hangup().catch(() => {});
  await pollUntil('the phone to be idle', session.probe.read, (p) => !p?.phoneState?.calls.some((c) => c.state !== 'ended'), {
    timeoutMs: 10_000,
  }).catch(() => {});
}
