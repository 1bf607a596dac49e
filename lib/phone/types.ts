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
}

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

/** 'connected': a bridge call, talking on another device (desk phone): shown, never answered here. */
export type CallState = 'ringing' | 'active' | 'connected' | 'ended';
/** Which channel announced the call: the phone's own SIP INVITE or the Redis bridge. */
export type CallSource = 'sip' | 'bridge';
export type CallEndReason = 'answered-elsewhere' | 'caller-hung-up' | 'agent-hung-up' | 'declined' | 'missed' | 'failed';

export interface CallSnapshot {
  /** The phone's own id for the call (never a PBX value: see sip-values.ts). */
  id: string;
  source: CallSource;
  /** The SIP Call-ID, cleaned and capped: for logs and debugging, never a key. */
  sipCallId?: string;
  state: CallState;
  endReason?: CallEndReason;
  endDetail?: string;
  notification: CallNotification;
  warnings: string[];
  ringingAt: number;
  answeredAt?: number;
  endedAt?: number;
  muted: boolean;
  /** While active: packet loss, jitter and RTT from getStats, and a level (call-quality.ts). */
  quality?: CallQuality;
}

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
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
