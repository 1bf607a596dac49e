/**
 * The usual start of a screen-pop e2e file: the fixture CRM, Chromium with the extension built with
 * the loopback CRM preset, the test PBX, agent 1001 configured through the popup by its labels with
 * the CRM's record and search templates and lookup field, a WebRTC caller page and one CRM tab.
 */
import type { Browser, Page } from 'puppeteer-core';
import { startCrm, type CrmRequest, type CrmServer } from '../../crm/crm-server';
import { AGENT, agentSettings, startAgentSession, type AgentSession, type AgentSessionOptions } from './agent-session';
import { startBrowserCaller, type BrowserCaller } from './browser-caller';
import { fillSettingsForm, pollUntil, popupStatus, readPhoneState } from './extension';

export interface CrmSession extends AgentSession {
  crm: CrmServer;
  caller: BrowserCaller;
  /** The first CRM tab, at the CRM's home page and in front. */
  crmTab: Page;
  /** Every alert/confirm/prompt any page opened ("where: type message"). */
  dialogs: string[];
}

export interface CrmSessionOptions {
  /** Extra popup fields by label (e.g. 'Submit lookup after filling'). */
  settings?: Record<string, string>;
  /** Open the CRM tab before the settings are saved (the script must then be injected into it). */
  crmTabFirst?: boolean;
  /** Passed to startAgentSession: the browser's language, another build. */
  agent?: Pick<AgentSessionOptions, 'launch' | 'extensionDir'>;
  /** How the popup form is filled and saved (default fillSettingsForm: English labels, Save by its name). */
  configureWith?: (popup: Page, values: Record<string, string>) => Promise<void>;
}

/** The CRM fields of the popup form, by label. */
export function crmSettings(crm: CrmServer): Record<string, string> {
  return {
    'CRM record URL template': `${crm.origin}/contacts/{contact_ref}`,
    'CRM search URL template': `${crm.origin}/search?q={number}`,
    'Contact lookup field (CSS selector)': '#crm-lookup',
  };
}

/** Records (and dismisses) every dialog `page` opens into `into`. */
export function watchDialogs(page: Page, where: string, into: string[]): void {
  page.on('dialog', (dialog) => {
    into.push(`${where}: ${dialog.type()} ${dialog.message()}`);
    void dialog.dismiss().catch(() => {});
  });
}

/** Opens a CRM tab at `path` and waits for its page to load (the content script follows). */
export async function openCrmTab(browser: Browser, crm: CrmServer, dialogs: string[], path = '/'): Promise<Page> {
  const tab = await browser.newPage();
  watchDialogs(tab, `crm tab ${path}`, dialogs);
  await tab.goto(`${crm.origin}${path}`);
  await tab.bringToFront();
  return tab;
}

export async function startCrmSession({ settings = {}, crmTabFirst = false, agent: agentOptions = {}, configureWith = fillSettingsForm }: CrmSessionOptions = {}): Promise<CrmSession> {
  const crm = await startCrm();
  const dialogs: string[] = [];
  let agent: AgentSession | undefined;
  let caller: BrowserCaller | undefined;
  try {
    agent = await startAgentSession({ ...agentOptions, configure: false });
    const { popup, chromium, pbx } = agent;
    const earlyTab = crmTabFirst ? await openCrmTab(chromium.browser, crm, dialogs) : undefined;
    watchDialogs(popup, 'popup', dialogs);
    await configureWith(popup, { ...agentSettings(pbx), ...crmSettings(crm), ...settings });
    // Bidi controls aside: the pseudo-RTL build mirrors the status text too.
    await pollUntil('the popup to say "Registered as 1001"', () => popupStatus(popup), (t) => t.replace(/[\u200e\u200f\u202a-\u202e]/g, '') === `Registered as ${AGENT}`);
    caller = await startBrowserCaller(chromium.browser, pbx);
    watchDialogs(caller.page, 'caller', dialogs);
    const crmTab = earlyTab ?? (await openCrmTab(chromium.browser, crm, dialogs));
    const close = async () => {
      await caller?.close();
      await agent?.close();
      await crm.close();
    };
    return { ...agent, crm, caller, crmTab, dialogs, close };
  } catch (error) {
    await caller?.close();
    await agent?.close();
    await crm.close();
    throw error;
  }
}

export interface RingingCall {
  /** The id the panel carries in data-call-id. */
  callId: string;
  /** performance.now() of this process just before the caller started the call (CrmRequest.at's clock). */
  since: number;
  /** When the INVITE frame left the caller page, epoch ms (PanelEvent.at's clock). */
  inviteAt: number;
}

/** Places a call from the caller page and waits until it rings in the worker's mirror. */
export async function ringFromCaller(session: CrmSession, headers: string[]): Promise<RingingCall> {
  const known = new Set((await readPhoneState(session.popup))?.calls.map((c) => c.id));
  const since = performance.now();
  await session.caller.call(AGENT, headers);
  const state = await pollUntil(
    'a new ringing call in storage.session',
    () => readPhoneState(session.popup),
    (s) => s?.calls.some((c) => c.state === 'ringing' && !known.has(c.id)) ?? false,
  );
  const inviteAt = (await session.caller.inviteSentAt()) ?? Number.NaN;
  return { callId: state!.calls.find((c) => c.state === 'ringing' && !known.has(c.id))!.id, since, inviteAt };
}

/** CRM record pops: requests for /contacts/…, optionally only those since `since` (performance.now()). */
export function recordPops(crm: CrmServer, since = 0): CrmRequest[] {
  return crm.requests().filter((r) => r.path.startsWith('/contacts/') && r.at >= since);
}

export function searchPops(crm: CrmServer, since = 0): CrmRequest[] {
  return crm.requests().filter((r) => r.path === '/search' && r.at >= since);
}

/** Resolves after `ms`: to show that a second pop does not come. */
export function settle(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Ends whatever call a failed test left behind (the caller cancels or hangs up) and waits until
 * the phone is idle, so one failure does not turn every later call into a 486 Busy Here. The
 * benchmark ends each measured call with it too, `strict` (a phone that stays busy is an error).
 */
export async function endLiveCalls(
  session: Pick<CrmSession, 'caller' | 'popup'> | undefined,
  { strict = false, intervalMs = 100 } = {},
): Promise<void> {
  if (!session) return;
  const state = await session.caller.sessionState().catch(() => 'none');
  if (state === 'Establishing') await session.caller.cancel().catch(() => {});
  if (state === 'Established') await session.caller.hangup().catch(() => {});
  const idle = pollUntil(
    'the phone to be idle',
    () => readPhoneState(session.popup),
    (s) => !s?.calls.some((c) => c.state !== 'ended'),
    { timeoutMs: 10_000, intervalMs },
  );
  await (strict ? idle : idle.catch(() => {}));
}
