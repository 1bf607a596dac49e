import type { PanelCall, PanelView } from '@/lib/screen-pop/panel-view';
import { DEFAULT_PANEL_PLACE } from '@/lib/screen-pop/panel-view';
import { makeCall } from './fixtures/call';

/** A call as the worker shows it in a CRM tab; override what a test is about. */
export function makePanelCall(overrides: Partial<PanelCall> = {}): PanelCall {
  return {
    id: 'call-1',
    source: 'sip',
    state: 'ringing',
    notification: makeCall({ holdTimeSec: 42, callRef: 'c-1001', contactRef: 'ACC-42', campaignRef: 'inbound' }),
    ringingAt: 1_700_000_000_000,
    muted: false,
    record: { ok: true, url: 'https://crm.example.com/contacts/ACC-42', kind: 'record' },
    popped: true,
    role: 'panel',
    ...overrides,
  };
}

export function makeView(overrides: Partial<PanelView> = {}): PanelView {
  return { calls: [makePanelCall()], prefill: null, place: DEFAULT_PANEL_PLACE, ...overrides };
}

/** How each way a call can end reads in the wrap-up view (endReason, endDetail, text). */
export const OUTCOME_CASES = [
  ['missed', undefined, 'Missed call'],
  ['declined', undefined, 'Declined'],
  ['agent-hung-up', undefined, 'Call ended'],
  ['answered-elsewhere', undefined, 'Answered elsewhere'],
  ['caller-hung-up', undefined, 'Caller hung up'],
  ['failed', 'ICE failed', 'Call failed: ICE failed'],
] as const;
