/**
 * The SIP engine: one extension registered over WebSocket, inbound calls as snapshots.
 * Platform parts (media, WebSocket, clock, logger) come in through PhoneDeps.
 */
export { Phone } from './phone';
export type {
  CallEndReason, CallSnapshot, CallSource, CallState, CallWaitingMode, Clock, DtmfMode, HoldState, Logger, PhoneConfig, PhoneDeps, RegistrationState, RegistrationStatus,
} from './types';
export type { WebSocketConstructor, WebSocketLike } from './ws-transport';
export type { BackoffOptions } from './backoff';
export { RECONNECT_SCHEDULE, type ReconnectScheduleOptions } from './reconnect-schedule';
export { httpProbe, type PbxProbe } from './http-probe';
