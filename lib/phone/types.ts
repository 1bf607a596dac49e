import type { SessionDescriptionHandlerFactory } from 'sip.js';
import type { CallNotification } from '../call-notification';
import type { CallQuality } from './call-quality';
import type { BackoffOptions } from './backoff';
import type { ReconnectScheduleOptions } from './reconnect-schedule';
import type { PbxProbe } from './http-probe';
import type { WebSocketConstructor } from './ws-transport';

/** What the phone needs to register; built from the settings by phoneConfigFromSettings(). */
export interface PhoneConfig {
  wsUrl: string;
  domain: string;
  ext: string;
  password: string;
  displayName: string;
  iceServers: { urls: string | string[]; username?: string; credential?: string }[];
  /** One connection try's deadline (settings: Connection timeout); default PhoneDeps.connectTimeoutMs. */
  connectTimeoutMs?: number;
  /** 'relay': gather TURN candidates only, so no host or server-reflexive address reaches the caller. */
  iceTransportPolicy?: 'all' | 'relay';
  /**
   * A UUID made once per browser install (lib/phone-host/contact-id.ts): the phone's SIP contact
   * is derived from it, so a restarted phone's REGISTER replaces its old binding at the PBX.
   * Absent: SIP.js's random contact per UserAgent (Node tests, tools).
   */
  contactId?: string;
  /**
   * A second INVITE while a call is live: 'ring' lets it ring softly beside the first (call
   * waiting, call-waiting.ts), 'busy' answers 486 Busy Here. Absent: 'ring'.
   */
  callWaiting?: CallWaitingMode;
  /** How keypad digits go out (dtmf.ts): RFC 4733 events in the media, or SIP INFO. Absent: 'rfc4733'. */
  dtmfMode?: DtmfMode;
}

export type CallWaitingMode = 'ring' | 'busy';
export type DtmfMode = 'rfc4733' | 'info';

export type RegistrationState =
  | 'unconfigured' | 'connecting' | 'registering' | 'registered' | 'reconnecting' | 'auth-failed' | 'error';

export interface RegistrationStatus {
  state: RegistrationState;
  ext?: string;
  reason?: string;
  /** Epoch ms of the next automatic attempt (reconnecting, auth-failed, error). */
  retryAt?: number;
  since: number;
}

/**
 * 'connected': a bridge call, talking on another device (desk phone): shown, never answered here.
 * 'dialing': an outbound call placed by the agent, not answered yet (outbound-call-state.ts).
 */
export type CallState = 'ringing' | 'dialing' | 'active' | 'connected' | 'ended';
/** Which channel announced the call: the phone's own SIP INVITE or the Redis bridge. */
export type CallSource = 'sip' | 'bridge';
export type CallEndReason =
  | 'answered-elsewhere' | 'caller-hung-up' | 'agent-hung-up' | 'declined' | 'missed' | 'failed'
  // Outbound only (outbound-call-state.ts): the far end was busy, did not answer, refused, or the
  // agent cancelled before it answered; 'remote-hung-up' is the far end's BYE on an answered call.
  | 'busy' | 'no-answer' | 'rejected' | 'cancelled' | 'remote-hung-up';
/** Absent: inbound (snapshots from before outbound calls existed). */
export type CallDirection = 'inbound' | 'outbound';

export interface CallSnapshot {
  /** The phone's own id for the call (never a PBX value: see sip-values.ts). */
  id: string;
  source: CallSource;
  /** The SIP Call-ID, cleaned and capped: for logs and debugging, never a key. */
  sipCallId?: string;
  state: CallState;
  endReason?: CallEndReason;
  endDetail?: string;
  /** 'outbound': placed by the agent (Phone.dial); absent or 'inbound': an INVITE to the agent. */
  direction?: CallDirection;
  /** Outbound while 'dialing': the far end is ringing (180/183 received). */
  remoteRinging?: boolean;
  /** Inbound: the decoded INVITE. Outbound: the dialled number as `number`, the rest empty. */
  notification: CallNotification;
  warnings: string[];
  /** When the call started: the INVITE arrived (inbound) or was sent (outbound). */
  ringingAt: number;
  answeredAt?: number;
  endedAt?: number;
  muted: boolean;
  /** The latest transfer of this call (transfer.ts); absent: none, or the agent cancelled it. */
  transfer?: TransferInfo;
  /**
   * Our hold of an active call (hold-state.ts; absent = talking): 'holding' and 'resuming' while
   * the re-INVITE waits for its answer, 'held' once the PBX accepted the hold.
   */
  hold?: HoldState;
  /** Why the last hold or resume failed (the call stayed as it was); cleared by the next try. */
  holdError?: string;
  /** The caller's side put us on hold (their re-INVITE offered sendonly or inactive). */
  remoteHold?: boolean;
  /** While active: packet loss, jitter and RTT from getStats, and a level (call-quality.ts). */
  quality?: CallQuality;
}

export type TransferMode = 'blind' | 'attended';
/** The contract's three outcomes; `phase` (transfer-state.ts) says where a pending one is. */
export type TransferStatus = 'pending' | 'accepted' | 'failed';
export type TransferPhase =
  | 'holding' | 'dialing' | 'consulting' | 'referring' | 'trying' | 'refused' | 'resuming' | 'accepted' | 'failed';
/** The consult call of an attended transfer (consult-call.ts). */
export type ConsultState = 'calling' | 'active' | 'ended';

export interface TransferInfo {
  mode: TransferMode;
  /** What the agent typed, normalised (an extension number or a sip: URI): see transfer-target.ts. */
  target: string;
  status: TransferStatus;
  phase: TransferPhase;
  /** Why it failed (the target's answer, e.g. "486 Busy Here"), or what is going on; cleaned PBX text. */
  detail?: string;
  consultCallId?: string;
  consultState?: ConsultState;
}

export type HoldState = 'holding' | 'held' | 'resuming';

/** Same shape as lib/phone-host/logger.ts, so one logger serves both. */
export interface Logger {
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

/** Time source, injected so the state machines run under fake timers. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface PhoneDeps {
  /** Browser: SIP.js's Web factory (with ICE servers); Node tests: a fake returning a dummy SDP. */
  sessionDescriptionHandlerFactory?: SessionDescriptionHandlerFactory;
  clock?: Clock;
  logger?: Logger;
  /** [0, 1) source for the retry schedules' jitter. */
  random?: () => number;
  /** Node has no global WebSocket before v22: pass `ws`. Default: globalThis.WebSocket. */
  WebSocket?: WebSocketConstructor;
  /** REGISTER expiry asked of the registrar, default 600 s. */
  registerExpiresSec?: number;
  /** Liveness probe (OPTIONS) period and answer deadline; defaults 20 s / 8 s, so a dead server is noticed within ~30 s. */
  keepaliveIntervalMs?: number;
  keepaliveTimeoutMs?: number;
  /** WebSocket open deadline when the config sets none, default 3 s (a frozen server accepts TCP but never answers the upgrade). */
  connectTimeoutMs?: number;
  reconnectSchedule?: Partial<ReconnectScheduleOptions>;
  /** Browser: an HTTP probe between WebSocket tries (http-probe.ts), so the browser's WebSocket throttle stays quiet. */
  probe?: PbxProbe;
  authRetryBackoff?: Partial<BackoffOptions>;
  /** The calls' own ids; default crypto.randomUUID (sip-values.ts). */
  newCallId?: () => string;
  /** How long an active call outlives a lost PBX connection waiting for the reconnect, default 10 s; 0: ends at once. */
  reconnectGraceMs?: number;
  /** SIP.js's own log level, default 'warn'. */
  sipLogLevel?: 'error' | 'warn' | 'log' | 'debug';
  /** How long a transfer (REFER without a final NOTIFY) or a consult call may ring, default 45 s. */
  transferTimeoutMs?: number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
