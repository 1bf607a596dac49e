import type { PanelActions } from '@/components/panel/panel-actions';
import { EMPTY_PANEL_VIEW, type PanelPlace, type PanelView, type PrefillOrder } from '@/lib/screen-pop/panel-view';
import { isContextInvalidated, type PanelClient } from './panel-client';
import { pickCall, type PanelShape } from './pick-call';
import { prefillLookup, type PrefillResult } from './prefill';

export interface PanelScreen {
  shape: PanelShape;
  place: PanelPlace;
}

export interface PanelControllerDeps {
  client: PanelClient;
  doc: Document;
  /** The extension's id now; undefined once the extension was reloaded or removed. */
  runtimeId(): string | undefined;
  /** Shows the panel (or removes it when `shape` is null). */
  render(screen: PanelScreen): void;
  /** The extension is gone: tear the panel down quietly. */
  onDead(): void;
  prefill?: (doc: Document, order: PrefillOrder) => Promise<PrefillResult>;
  warn?: (...args: unknown[]) => void;
}

export interface PanelController {
  /**
   * Asks the worker for the current view ('panel/hello'); on start and when the tab is shown
   * again. One request in flight at a time: asked again meanwhile, it sends one more after the
   * current answer, however often it was asked (a page can fire 'visibilitychange' at will).
   * Resolves once the view that covers this request is applied (or failed).
   */
  hello(): Promise<void>;
  /** A 'panel/view' from the phone's page. */
  apply(view: PanelView): void;
  /** The phone's page went away: its ringing calls are gone with it (ended ones stay). */
  hostGone(): void;
  actions: PanelActions;
}

/**
 * The caller panel's state in one CRM tab: the worker's latest view, the calls the agent
 * dismissed here (hidden until the worker's next view drops them), and the prefills done.
 */
export function createPanelController(deps: PanelControllerDeps): PanelController {
  const warn = deps.warn ?? (() => {});
  const prefill = deps.prefill ?? ((doc, order) => prefillLookup(doc, order));
  let view: PanelView = EMPTY_PANEL_VIEW;
  let viewsApplied = 0;
  const dismissed = new Set<string>();
  // In memory only: a reloaded page may prefill again, which is what the agent then wants.
  const prefilled = new Set<string>();

  const render = () => deps.render({ shape: pickCall(view, dismissed), place: view.place });

  function apply(next: PanelView): void {
    view = next;
    viewsApplied += 1;
    for (const id of dismissed) if (!next.calls.some((call) => call.id === id)) dismissed.delete(id);
    render();
    if (next.prefill) void runPrefill(next.prefill);
  }

  async function runPrefill(order: PrefillOrder): Promise<void> {
    if (prefilled.has(order.callId)) return;
    prefilled.add(order.callId);
    let result: PrefillResult;
    try {
      result = await prefill(deps.doc, order);
    } catch (e) {
      result = { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    const payload = result.ok ? { callId: order.callId, ok: true } : { callId: order.callId, ok: false, error: result.error.slice(0, 500) };
    await guard(deps.client.send('panel/prefilled', payload)).catch((e: unknown) => warn('prefill report failed', e));
  }

  /** Every call to the worker: a dead extension tears the panel down instead of showing errors. */
  async function guard<T>(request: Promise<T>): Promise<T> {
    try {
      return await request;
    } catch (e) {
      if (isContextInvalidated(e, deps.runtimeId())) deps.onDead();
      throw e;
    }
  }

  const actions: PanelActions = {
    accept: (callId) => guard(deps.client.send('call/accept', { callId })),
    // 603 Decline: the agent refused the call (486 Busy Here is for a second call while busy).
    decline: (callId) => guard(deps.client.send('call/reject', { callId, code: 603 })),
    hangup: (callId) => guard(deps.client.send('call/hangup', { callId })),
    mute: (callId, muted) => guard(deps.client.send('call/mute', { callId, muted })),
    transfer: (callId, target) => guard(deps.client.send('call/transfer', { callId, target })),
    consult: async (callId, target) => {
      await guard(deps.client.send('call/consult', { callId, target }));
    },
    completeTransfer: (callId, consultCallId) => guard(deps.client.send('call/transfer-complete', { callId, consultCallId })),
    cancelTransfer: (callId) => guard(deps.client.send('call/transfer-cancel', { callId })),
    hold: (callId, held) => guard(deps.client.send('call/hold', { callId, held })),
    dtmf: (callId, digits) => guard(deps.client.send('call/dtmf', { callId, digits })),
    openRecord: (callId) => guard(deps.client.send('panel/open-record', { callId })),
    async dismiss(callId) {
      // Hidden only once the worker agreed: a refusal stays visible in the panel.
      await guard(deps.client.send('panel/dismiss', { callId }));
      dismissed.add(callId);
      render();
    },
    async place(place) {
      view = { ...view, place };
      await guard(deps.client.send('panel/place', place));
    },
    wrapUp: (callId, disposition, note) => guard(deps.client.send('call/wrap-up', { callId, disposition, note })),
    wrapUpStatus: (callId) => guard(deps.client.send('call/wrap-up-status', { callId })),
  };

  async function helloOnce(): Promise<void> {
    const before = viewsApplied;
    try {
      const fresh = await guard(deps.client.send('panel/hello'));
      // A 'panel/view' that arrived while we waited is newer than this answer.
      if (viewsApplied === before) apply(fresh);
    } catch (e) {
      warn('panel/hello failed', e);
    }
  }

  let inFlight: Promise<void> | null = null;
  /** The one request queued behind the one in flight, shared by every ask meanwhile. */
  let again: Promise<void> | null = null;
  function hello(): Promise<void> {
    if (inFlight === null) {
      inFlight = helloOnce().finally(() => {
        inFlight = null;
      });
      return inFlight;
    }
    again ??= inFlight.then(() => {
      again = null;
      return hello();
    });
    return again;
  }

  function hostGone(): void {
    view = { ...view, calls: view.calls.filter((call) => call.state !== 'ringing'), prefill: null };
    render();
  }

  return { apply, actions, hello, hostGone };
}
