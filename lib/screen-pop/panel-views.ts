import { buildRecordUrl } from '@/lib/crm';
import type { CallSnapshot } from '@/lib/phone';
import type { Settings } from '@/lib/settings/schema';
import type { PanelCall, PanelPlace, PanelView, PrefillOrder } from './panel-view';
import { memoryFor, type CallMemory, type PopMemory } from './pop-memory';
import { POP_CAPPED_NOTE } from './pop-rate';

export type ViewSettings = Pick<Settings, 'recordUrlTemplate' | 'searchUrlTemplate' | 'lookupSelector' | 'lookupSubmit' | 'popOn'>;

export interface ViewInputs {
  calls: readonly CallSnapshot[];
  memory: PopMemory;
  settings: ViewSettings;
  place: PanelPlace;
}

const NO_MEMORY: CallMemory = { popped: false };

/**
 * Whether a call still belongs on a panel: live calls always; an ended call until the agent
 * dismisses its wrap-up, but only if the agent had a panel for it (a CRM tab was open while it
 * lasted) or it was missed. A call answered elsewhere or declined from the popup while no CRM
 * tab was open needs no wrap-up; a missed call does, so the agent can call back.
 */
export function wantsPanel(call: CallSnapshot, memory: CallMemory | undefined): boolean {
  // A bridge call has no end: the agent's Dismiss is its end (the phone's page then drops it).
  if (call.state === 'connected') return memory?.dismissed !== true;
  if (call.state !== 'ended') return true;
  if (memory?.dismissed === true) return false;
  return memory?.panelTabId !== undefined || call.endReason === 'missed';
}

/** Live calls first, then ended ones newest first (the phone sends them so; this keeps it so). */
function newestFirst(calls: readonly CallSnapshot[]): CallSnapshot[] {
  const rank = (c: CallSnapshot) => (c.state === 'ended' ? 1 : 0);
  return [...calls].sort((a, b) => rank(a) - rank(b) || (b.endedAt ?? b.ringingAt) - (a.endedAt ?? a.ringingAt));
}

/**
 * What one CRM tab shows: the full panel for the calls whose panel tab it is, a ringing strip
 * for a call ringing elsewhere, nothing for other calls.
 */
export function panelViewFor(tabId: number, { calls, memory, settings, place }: ViewInputs): PanelView {
  const shown: PanelCall[] = [];
  let prefill: PrefillOrder | null = null;
  for (const call of newestFirst(calls)) {
    const mem = memoryFor(memory, call.id) ?? NO_MEMORY;
    if (!wantsPanel(call, mem)) continue;
    const isPanelTab = mem.panelTabId === tabId;
    if (!isPanelTab && call.state !== 'ringing') continue;
    shown.push(panelCall(call, mem, settings, isPanelTab ? 'panel' : 'strip'));
    if (isPanelTab && prefill === null) prefill = prefillOrder(call, mem, settings);
  }
  return { calls: shown, prefill, place };
}

function panelCall(call: CallSnapshot, mem: CallMemory, settings: ViewSettings, role: PanelCall['role']): PanelCall {
  return {
    id: call.id,
    source: call.source,
    state: call.state,
    ...(call.direction !== undefined && { direction: call.direction }),
    ...(call.remoteRinging !== undefined && { remoteRinging: call.remoteRinging }),
    ...(call.endReason !== undefined && { endReason: call.endReason }),
    ...(call.endDetail !== undefined && { endDetail: call.endDetail }),
    notification: call.notification,
    ringingAt: call.ringingAt,
    ...(call.answeredAt !== undefined && { answeredAt: call.answeredAt }),
    ...(call.endedAt !== undefined && { endedAt: call.endedAt }),
    muted: call.muted,
    ...(call.transfer !== undefined && { transfer: call.transfer }),
    ...(call.hold !== undefined && { hold: call.hold }),
    ...(call.holdError !== undefined && { holdError: call.holdError }),
    ...(call.remoteHold !== undefined && { remoteHold: call.remoteHold }),
    ...(call.state === 'active' && call.quality !== undefined && { quality: panelQuality(call.quality) }),
    record: buildRecordUrl(settings, call.notification),
    popped: mem.popped,
    ...(mem.popCapped === true && !mem.popped && { popNote: POP_CAPPED_NOTE }),
    role,
  };
}

/**
 * The lookup prefill, once the pop moment has come (ring or answer; never with popOn 'off'),
 * until the panel tab acknowledges it.
 */
function prefillOrder(call: CallSnapshot, mem: CallMemory, settings: ViewSettings): PrefillOrder | null {
  if (settings.lookupSelector === '' || settings.popOn === 'off') return null;
  if (mem.popMoment !== true || mem.prefillDone === true) return null;
  const value = call.notification.contactRef.trim() || call.notification.number;
  if (value === '') return null;
  return { callId: call.id, selector: settings.lookupSelector, value, submit: settings.lookupSubmit };
}

/** The figures the panel shows; the sample time stays in the worker. */
function panelQuality(q: NonNullable<CallSnapshot['quality']>): NonNullable<PanelCall['quality']> {
  return {
    level: q.level, lossPct: q.lossPct, jitterMs: q.jitterMs,
    ...(q.rttMs !== undefined && { rttMs: q.rttMs }),
    ...(q.warning !== undefined && { warning: q.warning }),
  };
}
