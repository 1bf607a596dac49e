import { buildRecordUrl } from '@/lib/crm';
import type { CallSnapshot } from '@/lib/phone';
import type { Logger } from '@/lib/phone-host/logger';
import type { PhoneLink } from '@/lib/phone-host/phone-link';
import type { PhoneState } from '@/lib/phone-host/phone-state';
import { crmOrigins } from '@/lib/settings/derived';
import type { ScreenPopSettings } from './screen-pop-settings';
import { crmTabsAmong, focusBreaksTie, isCrmUrl, listCrmTabs, mostRecentTab, stillCrmTab, type CrmTab } from './crm-tabs';
import { ANSWER_BUTTON, DECLINE_BUTTON, callIdOfNotice, noticeOptions, showNotice } from './incoming-call-notice';
import type { PanelPlace, PanelView } from './panel-view';
import { panelViewFor, wantsPanel, type ViewInputs } from './panel-views';
import type { ScreenPopPlatform, TabInfo } from './platform';
import { copyMemory, memoryFor, pruneMemory, type CallMemory, type PopMemory, type StoredValue } from './pop-memory';
import type { PopRate } from './pop-rate';
import { pendingLimit, serialQueue } from './serial-queue';
import { popMoment } from './pop-moment';

/**
 * The screen-pop coordinator, in the page that hosts the phone (Chrome: offscreen document;
 * Firefox: background page), wired by host-screen-pop.ts: its tabs are the CRM panels' ports,
 * its views go down them, and tab creation, focus, notifications and storage are the worker's.
 *
 *   phone state ──▶ onPhoneState ──▶ [queue] ──▶ automatic pop (once per call, popOn/popTarget;
 *   (SIP and bridge calls)                        a bridge call on arrival unless popOn is 'off')
 *                                              ├▶ desktop notification (ringing, no CRM tab)
 *                                              └▶ 'panel/view' to every CRM tab
 *   CRM tab ──panel/hello, dismiss, open-record, prefilled, place──▶ [same queue]
 *   notification click / Answer / Decline ──────────────────────────▶ [same queue]
 *
 * What must outlive the page (popped, panel tab, prefill, dismissed, notification) is kept in
 * memory here and mirrored to storage by the worker (pop-memory.ts), read and written by one
 * task at a time.
 */
export interface ScreenPopDeps extends ScreenPopPlatform {
  memory: StoredValue<PopMemory>;
  place: StoredValue<PanelPlace>;
  loadSettings: () => Promise<ScreenPopSettings>;
  /** The mirrored phone state, for the tasks that do not come with one (hello, dismiss...). */
  loadPhoneState: () => Promise<PhoneState | null>;
  phone: Pick<PhoneLink, 'accept' | 'reject'>;
  /**
   * All open tabs, kept up to date from the tabs events (tab-watch.ts): a ringing call's views
   * go out without waiting for tabs.query. Without it each task queries the CRM tabs.
   */
  openTabs?: () => Promise<TabInfo[]>;
  /** 'panel/view' to one tab; rejects when the tab has no content script. */
  sendView: (tabId: number, view: PanelView) => Promise<void>;
  logger: Logger;
  /** How long to wait for a tab to take a view before going on without it. */
  sendTimeoutMs?: number;
  /** The cap on automatic pops (pop-rate.ts); without it automatic pops are not capped. */
  popRate?: PopRate;
  /**
   * How long a ringing call's record pop waits for the tab it navigates to draw the early view
   * (the content script answers after the frame): the agent sees the caller in that page at
   * once, instead of only in the popped page ~150 ms later. A tab slower than this is not waited for.
   */
  earlyWaitMs?: number;
}

export interface ScreenPop {
  /**
   * Every phone state the phone reports, queued at once (call it as soon as the state
   * arrives, so states are handled in order). Never rejects: failures are logged.
   */
  onPhoneState(state: PhoneState): Promise<void>;
  /** A panel starting up in a CRM tab: the view for that tab. */
  hello(tabId: number): Promise<PanelView>;
  dismiss(callId: string): Promise<void>;
  /** Pops the call's record now: into `fromTabId` (a CRM tab the request came from) if given. */
  openRecord(callId: string, fromTabId?: number): Promise<void>;
  prefilled(callId: string, ok: boolean, error?: string): Promise<void>;
  savePlace(place: PanelPlace, fromTabId?: number): Promise<void>;
  /** The agent took the call in this tab: it shows the full panel from now on. */
  takeCall(callId: string, tabId: number): Promise<void>;
  /** Whether a URL is on one of the CRM origins of the current settings. */
  isCrmUrl(url: string | undefined): Promise<boolean>;
  stop(): void;
}

/** One task's view of the world, read at its start and written back at its end. */
interface Round {
  settings: ScreenPopSettings;
  origins: string[];
  calls: CallSnapshot[];
  /** Null-prototype (pop-memory.ts): call ids are keys, whatever they spell. */
  memory: PopMemory;
  memoryBefore: string;
  crmTabs: CrmTab[];
  /** Tabs navigated by a pop in this task: their page is going away, the new one says hello. */
  navigated: Set<number>;
  /** The views sent ahead of a ring pop (sendEarlyViews): finish's views go after them. */
  early?: Promise<void>;
  /** Work nothing else in the task waits for (focusing the popped window): awaited at its end. */
  background: Promise<unknown>[];
  focusedWindowId?: Promise<number | undefined>;
}

interface PopOptions {
  /** With no CRM tab to reuse, open one (false only for the automatic pop on ring). */
  newTabIfNone: boolean;
  /** A CRM tab to pop into, whatever popTarget says ('Open record' in that tab). */
  intoTabId?: number;
  /** Asked by a click on the call's notification, which is gone now. */
  fromNotice?: boolean;
}

type PopResult = { ok: true } | { ok: false; error: string };

/**
 * Page-initiated hellos waiting or running on the queue, all tabs together. Each tab has at most
 * one queued (they coalesce), so this is only reached with dozens of CRM tabs asking at once.
 */
const MAX_PAGE_HELLOS = 32;

export function createScreenPop(deps: ScreenPopDeps): ScreenPop {
  const { logger, notifications } = deps;
  const queue = serialQueue();
  const sendTimeoutMs = deps.sendTimeoutMs ?? 2_000;
  const earlyWaitMs = deps.earlyWaitMs ?? 50;
  /** The newest state handed in; a worker that just woke reads the mirrored one instead. */
  let latest: PhoneState | undefined;
  /** Panel hellos queued and not started yet, by tab (see `hello`). */
  const queuedHellos = new Map<number, Promise<PanelView>>();
  const pageHellos = pendingLimit(MAX_PAGE_HELLOS);

  async function begin(given?: PhoneState): Promise<Round> {
    // Read beside the rest: it needs no settings (filtered by origin below).
    const open = deps.openTabs?.();
    open?.catch(() => {}); // awaited below, unless a read before it failed
    const [settings, state, stored] = await Promise.all([
      deps.loadSettings(),
      given ?? latest ?? deps.loadPhoneState(),
      deps.memory.getValue(),
    ]);
    const calls = state?.calls ?? [];
    const origins = crmOrigins(settings);
    const memory = pruneMemory(stored, calls.map((c) => c.id));
    // A call gone from the phone's list takes its notification with it.
    for (const [id, mem] of Object.entries(stored)) {
      if (!(id in memory) && mem.notificationId !== undefined) await clearNotice(mem.notificationId);
    }
    return {
      settings,
      origins,
      calls,
      memory,
      memoryBefore: JSON.stringify(stored),
      crmTabs: open ? crmTabsAmong(await open, origins) : await listCrmTabs(deps.tabs, origins),
      navigated: new Set(),
      background: [],
    };
  }

  /**
   * Decides the panel tab of calls without one, saves the memory, sends the views. `ready` gets
   * the view inputs once all is decided (the write under way), before the views go out.
   */
  async function finish(round: Round, skipTabId?: number, ready?: (inputs: ViewInputs) => void): Promise<void> {
    await assignPanelTabs(round);
    // Saved while the views go out: no view needs the write done, and the queue's next task
    // (the only other reader) starts after this one has awaited it.
    const saved = JSON.stringify(round.memory) !== round.memoryBefore ? deps.memory.setValue(round.memory) : undefined;
    saved?.catch(() => {}); // awaited below; not an unhandled rejection meanwhile
    const place = await deps.place.getValue();
    const inputs = { calls: round.calls, memory: round.memory, settings: round.settings, place };
    ready?.(inputs);
    await round.early;
    await Promise.all([
      saved,
      ...round.background,
      ...round.crmTabs
        .filter((tab) => tab.id !== skipTabId && !round.navigated.has(tab.id))
        .map((tab) => sendView(tab.id, panelViewFor(tab.id, inputs))),
    ]);
  }

  /**
   * Views for calls that just started ringing, sent before their record pop: the caller shows
   * in the CRM page already open within a few ms, not only once the popped page has loaded
   * (~150-250 ms later). Worked out on a copy of the memory, with the panel tab the pop will
   * take (reuse-tab: the CRM tab used last; new-tab: none yet, so every open tab shows the
   * ringing strip). Never with a prefill order: a tab about to navigate would fill the old
   * page's lookup and acknowledge it, and the new page would stay empty. finish() sends the
   * real views after these. Resolves once they are sent: `shown` once the tab the pop will
   * navigate has drawn its view (or after earlyWaitMs), `taken` once every tab has answered.
   */
  async function sendEarlyViews(round: Round, fresh: readonly CallSnapshot[]): Promise<{ shown: Promise<void>; taken: Promise<void> }> {
    const memory = copyMemory(round.memory);
    const pick = round.settings.popTarget === 'reuse-tab' ? await recentTab(round) : undefined;
    for (const call of fresh) memory[call.id] = { popped: false, ...(pick !== undefined && { panelTabId: pick.id }) };
    const inputs = { calls: round.calls, memory, settings: round.settings, place: await deps.place.getValue() };
    const sends = round.crmTabs.map((tab) => sendView(tab.id, { ...panelViewFor(tab.id, inputs), prefill: null }));
    const taken = Promise.all(sends).then(() => undefined);
    const panelSend = pick === undefined ? undefined : sends[round.crmTabs.indexOf(pick)];
    return { shown: panelSend === undefined ? Promise.resolve() : capped(panelSend, earlyWaitMs).then(() => undefined), taken };
  }

  /**
   * The panel tab is decided once per call (the tab that popped, took the call, or else the CRM
   * tab used last) and kept while that tab stays on the CRM; a closed one is replaced.
   */
  async function assignPanelTabs(round: Round): Promise<void> {
    for (const call of round.calls) {
      const mem = memoryFor(round.memory, call.id);
      if (mem === undefined || !wantsPanel(call, mem)) continue;
      if (mem.panelTabId !== undefined && (await stillCrmTab(deps.tabs, mem.panelTabId, round.crmTabs, round.origins))) continue;
      const pick = await recentTab(round);
      if (pick !== undefined) mem.panelTabId = pick.id;
    }
  }

  /** The CRM tab used last (mostRecentTab), asking for the focused window only to break a tie. */
  async function recentTab(round: Round): Promise<CrmTab | undefined> {
    return mostRecentTab(round.crmTabs, focusBreaksTie(round.crmTabs) ? await focusedWindow(round) : undefined);
  }

  function focusedWindow(round: Round): Promise<number | undefined> {
    round.focusedWindowId ??= deps.windows.getLastFocused().then(
      (w) => w.id,
      () => undefined,
    );
    return round.focusedWindowId;
  }

  async function sendView(tabId: number, view: PanelView): Promise<void> {
    const sent = deps.sendView(tabId, view).catch((e: unknown) => {
      // A CRM tab still loading, or opened before the content script was registered.
      logger.debug(`tab ${tabId} took no panel view`, e);
    });
    if (!(await capped(sent, sendTimeoutMs))) logger.debug(`tab ${tabId} took no panel view: no answer within ${sendTimeoutMs} ms`);
  }

  function memoryOf(round: Round, callId: string): CallMemory {
    const known = memoryFor(round.memory, callId);
    if (known !== undefined) return known;
    const mem: CallMemory = { popped: false };
    round.memory[callId] = mem;
    return mem;
  }

  /** Opens the call's record per popTarget (or into `intoTabId`) and focuses it. */
  async function popRecord(round: Round, call: CallSnapshot, options: PopOptions): Promise<PopResult> {
    const record = buildRecordUrl(round.settings, call.notification);
    if (!record.ok) {
      // The panel shows the same error (PanelCall.record).
      logger.warn(`no CRM pop for call ${call.id}: ${record.error}`);
      return { ok: false, error: record.error };
    }
    const mem = memoryOf(round, call.id);
    try {
      const tab = await popTab(round, mem, options);
      if (tab === undefined) {
        return { ok: false, error: 'No CRM tab is open' };
      }
      let opened: { id?: number; windowId?: number } | undefined;
      if (tab === 'new') {
        opened = await deps.tabs.create({ url: record.url, active: true });
      } else {
        opened = (await deps.tabs.update(tab.id, { url: record.url, active: true })) ?? tab;
      }
      const tabId = opened.id ?? (tab === 'new' ? undefined : tab.id);
      if (tabId !== undefined) {
        mem.panelTabId = tabId;
        if (tab === 'new' || !sameDocument(tab.url, record.url)) round.navigated.add(tabId);
      }
      mem.popped = true;
      const windowId = opened.windowId ?? (tab === 'new' ? undefined : tab.windowId);
      if (windowId !== undefined) {
        // The views after the pop need not wait for the window manager.
        round.background.push(
          deps.windows.update(windowId, { focused: true }).catch((e: unknown) => logger.debug('could not focus the window', e)),
        );
      }
      logger.info(`popped ${record.kind} for call ${call.id} into tab ${tabId ?? '?'}`);
      return { ok: true };
    } catch (e) {
      logger.error(`could not pop the CRM for call ${call.id}`, e);
      return { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
  }

  async function popTab(round: Round, mem: CallMemory, options: PopOptions): Promise<CrmTab | 'new' | undefined> {
    if (options.intoTabId !== undefined) {
      return round.crmTabs.find((t) => t.id === options.intoTabId) ?? { id: options.intoTabId, active: true };
    }
    if (round.settings.popTarget === 'new-tab') return 'new';
    // Reuse: the tab already showing this call's panel, else the CRM tab used last.
    const own = round.crmTabs.find((t) => t.id === mem.panelTabId);
    const reuse = own ?? (await recentTab(round));
    if (reuse !== undefined) return reuse;
    return options.newTabIfNone ? 'new' : undefined;
  }

  async function clearNotice(noticeId: string): Promise<void> {
    await notifications.clear(noticeId).catch((e: unknown) => logger.debug('could not clear a notification', e));
  }

  async function handleState(state: PhoneState): Promise<void> {
    const round = await begin(state);
    const { popOn } = round.settings;
    const freshRinging = round.calls.filter(
      (c) => c.state === 'ringing' && round.memory[c.id] === undefined && popMoment(c, round.calls, popOn, { fresh: true, momentCame: false }) === 'ring',
    );
    if (popOn === 'ring' && freshRinging.length > 0 && round.crmTabs.length > 0) {
      // Sent before the pop navigates. The pop waits (briefly) for the tab it navigates to draw
      // its view, not for the other tabs: a navigation committing first would drop that frame.
      const early = await sendEarlyViews(round, freshRinging);
      round.early = early.taken;
      await early.shown;
    }
    for (const call of round.calls) {
      const fresh = round.memory[call.id] === undefined;
      const mem = memoryOf(round, call.id);
      // When each call pops (call waiting: a waiting call on answer): pop-moment.ts.
      const moment = popMoment(call, round.calls, popOn, { fresh, momentCame: mem.popMoment === true });
      if (moment === 'ring') {
        mem.popMoment = true;
        // reuse-tab with no CRM tab open: no tab is opened by itself while it merely rings;
        // the notification below offers the pop (click) instead. new-tab opens one anyway.
        await autoPop(round, call, { newTabIfNone: false });
      } else if (popOn !== 'off' && fresh && call.source === 'bridge') {
        // A bridge call is connected already (on another device): its record pops on arrival,
        // whatever popOn says but 'off', and a CRM tab is opened if none is.
        mem.popMoment = true;
        await autoPop(round, call, { newTabIfNone: true });
      } else if (moment === 'answer') {
        mem.popMoment = true;
        // The agent took the call: open the CRM even when no tab of it is open. Not when the
        // record was opened already while it rang (a notification click): one pop per call.
        if (!mem.popped) await autoPop(round, call, { newTabIfNone: true });
      }
      if (fresh && call.state === 'ringing' && round.crmTabs.length === 0 && !mem.popped) {
        const id = await showNotice(notifications, call.id, noticeOptions(call.notification, deps.iconUrl), logger);
        if (id !== null) mem.notificationId = id;
      }
      if (mem.notificationId !== undefined && call.state !== 'ringing') {
        await clearNotice(mem.notificationId);
        delete mem.notificationId;
      }
    }
    await finish(round);
  }

  /** An automatic pop, within the cap (pop-rate.ts): a call over it is marked, not popped. */
  async function autoPop(round: Round, call: CallSnapshot, options: PopOptions): Promise<void> {
    if (deps.popRate !== undefined && !(await deps.popRate.allows())) {
      memoryOf(round, call.id).popCapped = true;
      logger.warn(`no automatic pop for call ${call.id}: over the cap of automatic pops per minute`);
      return;
    }
    const result = await popRecord(round, call, options);
    if (result.ok) await deps.popRate?.note();
  }

  async function handleOpenRecord(callId: string, options: PopOptions): Promise<PopResult> {
    const round = await begin();
    const call = round.calls.find((c) => c.id === callId);
    if (call === undefined) return { ok: false, error: 'The call is no longer known' };
    if (options.intoTabId !== undefined && !round.crmTabs.some((t) => t.id === options.intoTabId)) {
      // The sender's origin was checked; tabs.query may just not list it yet.
      round.crmTabs.push({ id: options.intoTabId, active: true });
    }
    // The click handler has cleared it already.
    if (options.fromNotice === true) delete memoryOf(round, callId).notificationId;
    const result = await popRecord(round, call, options);
    await finish(round);
    return result;
  }

  /** Clicking the notification: pop the record (a new tab if no CRM tab is open) and focus it. */
  const onNoticeClicked = (noticeId: string): void => {
    const callId = callIdOfNotice(noticeId);
    if (callId === null) return;
    void queue(async () => {
      // It has done its job; cleared by id, as the call may be gone from memory by now.
      await clearNotice(noticeId);
      await handleOpenRecord(callId, { newTabIfNone: true, fromNotice: true });
    }).catch((e: unknown) => logger.error('notification click failed', e));
  };

  const onNoticeButton = (noticeId: string, button: number): void => {
    const callId = callIdOfNotice(noticeId);
    if (callId === null) return;
    const act = async (): Promise<void> => {
      if (button === ANSWER_BUTTON) {
        await deps.phone.accept(callId);
        // Answering from the notification is the agent asking for the call: with popOn 'ring'
        // its record opens too ('answer' pops by itself when the call becomes active).
        await queue(async () => {
          const settings = await deps.loadSettings();
          const mem = memoryFor(await deps.memory.getValue(), callId);
          if (settings.popOn === 'ring' && mem?.popped !== true) await handleOpenRecord(callId, { newTabIfNone: true });
        });
      } else if (button === DECLINE_BUTTON) {
        await deps.phone.reject(callId, 603);
      }
    };
    void act().catch((e: unknown) => logger.error('notification button failed', e));
  };

  notifications.onClicked.addListener(onNoticeClicked);
  notifications.onButtonClicked.addListener(onNoticeButton);

  /** Runs a task on the queue that edits one call's memory, then sends the views. */
  const editCall = (callId: string, edit: (mem: CallMemory) => void, skipTabId?: number) =>
    queue(async () => {
      const round = await begin();
      if (round.calls.some((c) => c.id === callId)) edit(memoryOf(round, callId));
      await finish(round, skipTabId);
    });

  return {
    // Queued synchronously: states are handled in the order they arrive.
    onPhoneState: (state) => {
      latest = state;
      return queue(() => handleState(state)).catch((e: unknown) => logger.error('screen pop failed for a phone state', e));
    },

    // Answered once the views are decided: the panel does not wait for the memory write or the
    // views to the other CRM tabs (each may take up to sendTimeoutMs); the queue still does.
    hello: (tabId) => {
      // One line per hello received (the e2e tests count them); no call data in it.
      logger.debug(`panel/hello from tab ${tabId}`);
      // A page decides when its panel asks (it can fire 'visibilitychange' at will): a hello for
      // a tab whose hello is still waiting its turn joins that one, and page hellos pending on
      // the queue are capped. Both answers are the view as of that one task.
      const waiting = queuedHellos.get(tabId);
      if (waiting !== undefined) return waiting;
      if (!pageHellos.enter()) {
        const error = new Error(`too many panel requests waiting (${MAX_PAGE_HELLOS}): try again later`);
        error.name = 'Busy';
        return Promise.reject(error);
      }
      const answer = new Promise<PanelView>((resolve, reject) => {
        queue(async () => {
          // Started: a hello from now on needs a view newer than this task's, so it queues anew.
          queuedHellos.delete(tabId);
          const round = await begin();
          if (!round.crmTabs.some((t) => t.id === tabId)) round.crmTabs.push({ id: tabId, active: false });
          await finish(round, tabId, (inputs) => resolve(panelViewFor(tabId, inputs)));
        })
          .catch((e: unknown) => {
            // After the answer went out, only the log can tell.
            logger.warn(`panel hello from tab ${tabId} failed`, e);
            reject(e);
          })
          .finally(() => {
            if (queuedHellos.get(tabId) === answer) queuedHellos.delete(tabId);
            pageHellos.leave();
          });
      });
      queuedHellos.set(tabId, answer);
      return answer;
    },

    dismiss: (callId) =>
      editCall(callId, (mem) => {
        mem.dismissed = true;
      }),

    openRecord: async (callId, fromTabId) => {
      const result = await queue(() => handleOpenRecord(callId, { newTabIfNone: true, intoTabId: fromTabId }));
      if (!result.ok) throw new Error(result.error);
    },

    prefilled: (callId, ok, error) => {
      if (!ok) logger.warn(`lookup prefill failed for call ${callId}: ${error ?? 'no reason given'}`);
      return editCall(callId, (mem) => {
        mem.prefillDone = true;
      });
    },

    savePlace: (place, fromTabId) =>
      queue(async () => {
        await deps.place.setValue(place);
        await finish(await begin(), fromTabId);
      }),

    takeCall: (callId, tabId) =>
      editCall(callId, (mem) => {
        mem.panelTabId = tabId;
      }),

    isCrmUrl: async (url) => isCrmUrl(url, crmOrigins(await deps.loadSettings())),

    stop: () => {
      notifications.onClicked.removeListener(onNoticeClicked);
      notifications.onButtonClicked.removeListener(onNoticeButton);
    },
  };
}

/** true once `work` settles, or false after `ms` if it has not by then; never rejects. */
function capped(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const cap = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const settled = () => true;
  return Promise.race([work.then(settled, settled), cap]).finally(() => clearTimeout(timer));
}

/**
 * Whether navigating from `from` to `to` keeps the page (a fragment change, as in CRMs routed by
 * '#/contacts/42'): its content script stays and says no new hello, so it must be sent the view.
 */
export function sameDocument(from: string | undefined, to: string): boolean {
  if (from === undefined || !to.includes('#')) return false;
  const strip = (url: string) => url.split('#')[0];
  return strip(from) === strip(to);
}
