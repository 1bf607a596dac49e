/**
 * What the worker tells a CRM tab to show: the contract between lib/screen-pop (worker) and
 * the caller panel content script. Plain data only; the content script checks it with the
 * hand-written check in panel-view-schema.ts (small enough for its bundle), the worker builds it.
 */
import type { CallNotification } from '../call-notification';
import type { CallSnapshot } from '../phone';

/**
 * Where the CRM pop goes for a call, or why there is none. `fallback`: the record page was
 * refused as unsafe and the search by number is used instead (why, to show the agent).
 */
export type RecordTarget = { ok: true; url: string; kind: 'record' | 'search'; fallback?: string } | { ok: false; error: string };

export interface PanelCall {
  id: string;
  /** 'bridge': announced by the Redis bridge, state 'connected' (on another device: no Answer/Decline). */
  source: CallSnapshot['source'];
  state: CallSnapshot['state'];
  /** 'outbound': placed by the agent (the panel's outbound mode); absent: inbound. */
  direction?: CallSnapshot['direction'];
  /** Outbound while dialing: the far end rings. */
  remoteRinging?: boolean;
  endReason?: CallSnapshot['endReason'];
  endDetail?: string;
  notification: CallNotification;
  /** Epoch ms (Date.now() of the phone's page: same machine, same clock). */
  ringingAt: number;
  answeredAt?: number;
  endedAt?: number;
  muted: boolean;
  /** The call's transfer, as the phone reports it (CallSnapshot.transfer). */
  transfer?: CallSnapshot['transfer'];
  /** Our hold of an active call (CallSnapshot.hold; absent = talking). */
  hold?: CallSnapshot['hold'];
  /** Why the last hold or resume failed: the call stayed as it was. */
  holdError?: string;
  /** The caller's side holds us. */
  remoteHold?: boolean;
  /** While active: the connection quality (lib/phone/call-quality.ts), for the indicator. */
  quality?: Pick<NonNullable<CallSnapshot['quality']>, 'level' | 'lossPct' | 'jitterMs' | 'rttMs' | 'warning'>;
  record: RecordTarget;
  /** Whether the record has been popped for this call (at most once). */
  popped: boolean;
  /** Why the record was not popped automatically (the cap on automatic pops), to show as is. */
  popNote?: string;
  /**
   * 'panel': this tab shows the full caller panel (the tab that popped, or took the call);
   * 'strip': a compact ringing strip that can still take the call (other CRM tabs, ringing only).
   */
  role: 'panel' | 'strip';
}

export type PanelDock = 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left';

/** The panel's remembered place: a corner, plus an offset from it in CSS pixels after a drag. */
export interface PanelPlace {
  dock: PanelDock;
  dx: number;
  dy: number;
}

export const DEFAULT_PANEL_PLACE: PanelPlace = { dock: 'bottom-right', dx: 16, dy: 16 };

/** The lookup-field prefill the tab should do now (once per call; the tab acks with 'panel/prefilled'). */
export interface PrefillOrder {
  callId: string;
  selector: string;
  value: string;
  submit: boolean;
}

export interface PanelView {
  /** Newest first: the live call (if any), then ended calls awaiting wrap-up dismissal. */
  calls: PanelCall[];
  prefill: PrefillOrder | null;
  place: PanelPlace;
}

export const EMPTY_PANEL_VIEW: PanelView = { calls: [], prefill: null, place: DEFAULT_PANEL_PLACE };
