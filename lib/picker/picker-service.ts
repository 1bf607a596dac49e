/**
 * The worker's half of the lookup-field picker:
 *
 *   settings page ──picker/start──▶ worker: the most recent CRM tab, exact CRM origin
 *        │                            ├─ executeScript(lookup-picker.js) + begin  (that tab only)
 *        │                            └─ session {tabId, origin} in storage.session; tab to front
 *        │                         CRM tab: agent clicks a field (isTrusted) ──picker/picked──▶ worker
 *        │                            ├─ same tab, top frame, same exact origin, session fresh
 *        │                            └─ saves settings.lookupSelector
 *        ◀──────picker/result──────── worker (picked | cancelled | failed)
 *
 * Why executeScript and not the caller panel's content script: the panel script loads in every
 * CRM page, and the picker (overlay, selector generation) is needed a few times per install; the
 * injection needs nothing beyond what screen-pop already holds (`scripting` and the granted CRM
 * origins), reaches only the tab the agent works in, and leaves nothing running when the pick
 * ends. `activeTab` would not do: the click that starts it is in the extension's page, not on
 * the CRM tab.
 *
 * The session is in storage.session (Chrome stops an idle worker between Start and the click).
 */
import { crmTabsAmong, mostRecentTab, webOrigin } from '../screen-pop/crm-tabs';
import type { TabInfo } from '../screen-pop/platform';
import { crmOrigins } from '../settings/derived';
import type { Settings } from '../settings/schema';
import { checkCssSelector } from '../settings/css-selector';
import type { PickerCommand, PickerCommandResult } from './picker-command';

/** A sample number for 'Test fill': in the UK range Ofcom keeps for drama (07700 900000-900999). */
export const TEST_FILL_VALUE = '+447700900000';
/** A pick not finished within this is over (the agent walked away; the tab's overlay stays until then). */
export const PICK_SESSION_MS = 5 * 60_000;

export interface PickSession {
  tabId: number;
  origin: string;
  startedAt: number;
}

export type PickerResult = { outcome: 'picked'; selector: string; origin: string } | { outcome: 'cancelled' } | { outcome: 'failed'; error: string };

export interface PickerDeps {
  loadSettings(): Promise<{ settings: Pick<Settings, 'recordUrlTemplate' | 'searchUrlTemplate'>; lookupLocked: boolean }>;
  saveSelector(selector: string): Promise<{ ok: true } | { ok: false; error: string }>;
  /** tabs.query({}) (Firefox refuses a url filter without "tabs"); tab URLs show for granted origins. */
  queryTabs(): Promise<TabInfo[]>;
  focusTab(tab: TabInfo & { id: number }): Promise<void>;
  /** Injects the picker script into the tab's top frame (no-op if it is there: the script replaces itself). */
  inject(tabId: number): Promise<void>;
  run(tabId: number, command: PickerCommand): Promise<PickerCommandResult>;
  session: { get(): Promise<PickSession | null>; set(session: PickSession | null): Promise<void> };
  /** To the settings pages; no page open is fine. */
  notify(result: PickerResult): Promise<void>;
  now(): number;
}

export interface PickerSender {
  tabId?: number;
  frameId?: number;
  url?: string;
}

export interface PickerService {
  start(): Promise<{ origin: string }>;
  stop(): Promise<void>;
  picked(selector: string, sender: PickerSender): Promise<{ selector: string }>;
  cancelled(sender: PickerSender): Promise<void>;
  testFill(selector: string): Promise<{ origin: string; value: string }>;
}

export function createPickerService(deps: PickerDeps): PickerService {
  /** The CRM tab to work in, with its exact origin; throws what the agent should do instead. */
  const crmTab = async () => {
    const { settings, lookupLocked } = await deps.loadSettings();
    const origins = crmOrigins(settings);
    if (origins.length === 0) throw userError('Set and save the CRM record or search URL template first: the picker works in CRM tabs only');
    const tab = mostRecentTab(crmTabsAmong(await deps.queryTabs(), origins), undefined);
    if (!tab) throw userError(`Open your CRM (${origins.join(' or ')}) in a tab first`);
    return { tab, origin: webOrigin(tab.url) as string, lookupLocked };
  };

  const inject = async (tabId: number, origin: string) => {
    try {
      await deps.inject(tabId);
    } catch {
      throw userError(`Cannot reach the CRM tab on ${origin}: save the settings and allow access to it`);
    }
  };

  /** The session this sender may answer, or an error: only the tab, top frame and origin it started in. */
  const sessionFor = async (sender: PickerSender): Promise<PickSession> => {
    const session = await deps.session.get();
    if (!session || deps.now() - session.startedAt > PICK_SESSION_MS) throw userError('No pick is in progress: start it again from the settings');
    if (sender.tabId !== session.tabId || sender.frameId !== 0 || webOrigin(sender.url) !== session.origin) {
      throw userError('Not the tab the pick was started in');
    }
    return session;
  };

  const endIn = async (tabId: number) => {
    await deps.run(tabId, { kind: 'end' }).catch(() => undefined); // closed or navigated: nothing to end
  };

  return {
    async start() {
      const { tab, origin, lookupLocked } = await crmTab();
      if (lookupLocked) throw userError('The lookup field is set by your organisation');
      const previous = await deps.session.get();
      if (previous && previous.tabId !== tab.id) await endIn(previous.tabId);
      await inject(tab.id, origin);
      const begun = await deps.run(tab.id, { kind: 'begin' });
      if (!begun.ok) throw userError(begun.error);
      await deps.session.set({ tabId: tab.id, origin, startedAt: deps.now() });
      await deps.focusTab(tab).catch(() => undefined);
      return { origin };
    },

    async stop() {
      const session = await deps.session.get();
      await deps.session.set(null);
      if (session) await endIn(session.tabId);
    },

    async picked(selector, sender) {
      const session = await sessionFor(sender);
      const problem = checkCssSelector(selector);
      if (problem !== null) throw userError(problem);
      // The CRM may have left the settings since the start (another origin saved meanwhile).
      const { settings } = await deps.loadSettings();
      if (!crmOrigins(settings).includes(session.origin)) throw userError(`${session.origin} is no longer a CRM origin in the settings`);
      const saved = await deps.saveSelector(selector);
      await deps.session.set(null);
      if (!saved.ok) {
        await deps.notify({ outcome: 'failed', error: saved.error });
        throw userError(saved.error);
      }
      await deps.notify({ outcome: 'picked', selector, origin: session.origin });
      return { selector };
    },

    async cancelled(sender) {
      await sessionFor(sender);
      await deps.session.set(null);
      await deps.notify({ outcome: 'cancelled' });
    },

    async testFill(selector) {
      const problem = checkCssSelector(selector);
      if (problem !== null) throw userError(problem);
      const { tab, origin } = await crmTab();
      await inject(tab.id, origin);
      const filled = await deps.run(tab.id, { kind: 'fill', selector, value: TEST_FILL_VALUE });
      if (!filled.ok) throw userError(`Test fill on ${origin}: ${filled.error}`);
      return { origin, value: TEST_FILL_VALUE };
    },
  };
}

function userError(message: string): Error {
  const error = new Error(message);
  error.name = 'PickerError';
  return error;
}
