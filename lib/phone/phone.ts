import type { Invitation } from 'sip.js';
import { AUTH_RETRY_BACKOFF } from './backoff';
import { RECONNECT_SCHEDULE } from './reconnect-schedule';
import { PhoneCall, sipCallIdOf } from './call';
import { isLive } from './call-state';
import { ConsultCall } from './consult-call';
import { admitIncoming } from './call-waiting';
import { checkDtmf } from './dtmf';
import { isOnHold } from './hold-state';
import { DND_DETAIL } from './availability';
import { decodeInvitation } from './decode-invitation';
import { dialUserPart } from './dial-target';
import { OutboundCall } from './outbound-call';
import { RegistrationMachine } from './registration-state';
import { SipConnection, type ConnectionDeps } from './sip-connection';
import { callIdSource } from './sip-values';
import { Transfer } from './transfer';
import { parseTransferTarget, type TransferTarget } from './transfer-target';
import {
  silentLogger, systemClock,
  type CallSnapshot, type Clock, type Logger, type PhoneConfig, type PhoneDeps, type RegistrationStatus,
} from './types';

/** Whether two configs register the same line, differing at most in the per-call options. */
function sameLine(a: PhoneConfig, b: PhoneConfig): boolean {
  const line = ({ callWaiting: _w, dtmfMode: _d, ...rest }: PhoneConfig) => JSON.stringify(rest);
  return line(a) === line(b);
}

/** Ended calls kept in getCalls(), newest first, so the agent still sees what was missed. */
const KEEP_ENDED = 5;
const BUSY_DETAIL = 'busy: another call in progress';
/** One call at a time (the INVITE side answers 486): dialing waits for call waiting to allow two. */
const DIAL_BUSY = 'cannot dial: another call is in progress';

/** An inbound call (call.ts) or one the agent placed (outbound-call.ts): the same controls. */
type LiveCall = PhoneCall | OutboundCall;
/** How long an answered call outlives a lost PBX connection, waiting for the reconnect. */
const RECONNECT_GRACE_MS = 10_000;
/** The ICE-restart re-INVITE's own deadline (SIP.js would wait 32 s, Timer B). */
const REINVITE_TIMEOUT_MS = 8_000;

/**
 * The softphone: registers one extension to the PBX and turns its INVITEs into calls.
 * Registration: sip-connection.ts + registration-state.ts; each call: call.ts + call-state.ts,
 * or outbound-call.ts + outbound-call-state.ts for the calls the agent places (dial()).
 * Call waiting (call-waiting.ts): with `callWaiting: 'ring'` a second INVITE beside an answered
 * call rings too; answering it first holds the other one (hold must succeed, or the answer is
 * refused and the new call keeps ringing), and resuming a held call holds the one talking.
 * Otherwise (or for a third call, or while dialing) an INVITE gets 486 Busy Here and is reported
 * as an already-ended missed call; dial() during a call is refused.
 */
export class Phone {
  private readonly deps: ConnectionDeps;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly machine: RegistrationMachine;
  private readonly newCallId: () => string;
  private readonly registrationListeners = new Set<(s: RegistrationStatus) => void>();
  private readonly callListeners = new Set<(c: CallSnapshot) => void>();
  private readonly live = new Map<string, LiveCall>();
  /** Per live call, once the agent started a transfer of it (transfer.ts). */
  private readonly transfers = new Map<string, Transfer>();
  private readonly transferTimeoutMs: number;
  private ended: CallSnapshot[] = [];
  private connection: SipConnection | undefined;
  private config: PhoneConfig | null = null;
  /** configure() calls run one after another: a teardown must finish before the next start. */
  private queue: Promise<void> = Promise.resolve();
  /**
   * A new config given while a call rings or talks: restarting the connection would cut that call
   * (saving settings in the popup mid-call must not), so it is applied when the last call ends.
   */
  private deferred: PhoneConfig | undefined;
  /** Do not disturb in its 'reject' mode: every new INVITE gets 486 and is listed as missed. */
  private doNotDisturb = false;
  /** Active calls kept through a lost connection: their grace timers (see lost()). */
  private readonly surviving = new Map<string, unknown>();
  private readonly graceMs: number;

  constructor(deps: PhoneDeps = {}) {
    this.clock = deps.clock ?? systemClock;
    this.logger = deps.logger ?? silentLogger;
    this.newCallId = deps.newCallId ?? callIdSource();
    this.transferTimeoutMs = deps.transferTimeoutMs ?? 45_000;
    this.deps = {
      clock: this.clock,
      logger: this.logger,
      random: deps.random ?? Math.random,
      WebSocket: deps.WebSocket,
      sessionDescriptionHandlerFactory: deps.sessionDescriptionHandlerFactory,
      registerExpiresSec: deps.registerExpiresSec ?? 600,
      keepaliveIntervalMs: deps.keepaliveIntervalMs ?? 20_000,
      keepaliveTimeoutMs: deps.keepaliveTimeoutMs ?? 8_000,
      connectTimeoutMs: deps.connectTimeoutMs ?? 3_000,
      reconnectSchedule: { ...RECONNECT_SCHEDULE, ...deps.reconnectSchedule },
      authRetryBackoff: { ...AUTH_RETRY_BACKOFF, ...deps.authRetryBackoff },
      sipLogLevel: deps.sipLogLevel ?? 'warn',
      ...(deps.probe !== undefined && { probe: deps.probe }),
    };
    this.graceMs = deps.reconnectGraceMs ?? RECONNECT_GRACE_MS;
    this.machine = new RegistrationMachine(this.clock, this.logger, (status) => {
      this.notify(this.registrationListeners, status);
      if (status.state === 'registered') this.restoreMedia();
    });
  }

  /**
   * (Re)starts with `config`; null stops. The same config again changes nothing. A different
   * config while a call is live waits for the call to end (the newest one wins); null does not wait.
   */
  configure(config: PhoneConfig | null): Promise<void> {
    // Call waiting and DTMF mode are read per call: changing them needs no new registration.
    if (config !== null && this.config !== null && sameLine(config, this.config)) {
      this.deferred = undefined;
      this.config = config;
      return this.queue;
    }
    const changes = JSON.stringify(config) !== JSON.stringify(this.config);
    if (config !== null && changes && this.hasLiveCall()) {
      this.logger.info('new settings during a call: applied when the call ends');
      this.deferred = config;
      return Promise.resolve();
    }
    this.deferred = undefined;
    const run = this.queue.then(() => this.apply(config));
    this.queue = run.catch(() => undefined);
    return run;
  }

  onRegistration(cb: (s: RegistrationStatus) => void): () => void {
    this.registrationListeners.add(cb);
    return () => this.registrationListeners.delete(cb);
  }

  onCall(cb: (c: CallSnapshot) => void): () => void {
    this.callListeners.add(cb);
    return () => this.callListeners.delete(cb);
  }

  getStatus(): RegistrationStatus {
    return this.machine.status;
  }

  /** Whether a new config is waiting for the current call to end. */
  hasDeferredConfig(): boolean {
    return this.deferred !== undefined;
  }

  /** Live calls, then up to five recently ended ones (newest first). */
  getCalls(): CallSnapshot[] {
    return [...[...this.live.values()].map((c) => c.snapshot), ...this.ended];
  }

  /**
   * Places an outbound call to `number`: an E.164 number or an extension (dial-target.ts; the
   * worker normalises what the agent clicked or typed first). Resolves with the call's id once
   * the INVITE is sent; rejects when not registered, during another call, or for a bad number.
   */
  async dial(number: string): Promise<string> {
    const userPart = dialUserPart(number);
    if (this.machine.state !== 'registered' || !this.connection || !this.config) {
      throw new Error(`cannot dial: the phone is ${this.machine.state}`);
    }
    if (this.hasLiveCall()) throw new Error(DIAL_BUSY);
    const id = this.newCallId();
    const call = new OutboundCall(id, number, this.config.ext, this.connection.inviter(userPart), this.clock, this.logger, (s) => this.changed(s));
    this.live.set(id, call);
    this.changed(call.snapshot);
    await call.start();
    return id;
  }

  /** Answers; a call already talking is held first (call waiting), and if that fails nothing is answered. */
  async accept(callId: string): Promise<void> {
    const call = this.call(callId);
    if (call.snapshot.state === 'ringing') await this.holdOthers(callId, 'answer');
    return call.accept();
  }

  /** Holds (`held`) or resumes a call; resuming holds the call that talks meanwhile first. */
  async hold(callId: string, held: boolean): Promise<void> {
    const call = this.inbound(callId, held ? 'held' : 'resumed');
    if (!held && call.snapshot.state === 'active') await this.holdOthers(callId, 'resume');
    return call.setHold(held);
  }

  /** Keypad digits to the far end (checked here too: the message is not the only caller). */
  async dtmf(callId: string, digits: string): Promise<void> {
    checkDtmf(digits);
    return this.inbound(callId, 'sent keypad digits').sendDtmf(digits, this.config?.dtmfMode ?? 'rfc4733');
  }

  reject(callId: string, code: 486 | 603 = 486): Promise<void> {
    return this.call(callId).reject(code);
  }

  hangup(callId: string): Promise<void> {
    return this.call(callId).hangup();
  }

  setMuted(callId: string, muted: boolean): void {
    this.call(callId).setMuted(muted);
  }

  /** WebRTC statistics of a live call's media (call quality); undefined before it has media. */
  async callStats(callId: string): Promise<RTCStatsReport | undefined> {
    const call = this.live.get(callId);
    // An outbound call's quality is not measured yet (outbound-call.ts keeps its session to itself).
    const media = (call instanceof PhoneCall ? call.invitation.sessionDescriptionHandler : undefined) as { peerConnection?: RTCPeerConnection } | undefined;
    return media?.peerConnection?.getStats();
  }

  /** A call's remote audio, or a consult call's (by its consultCallId). */
  remoteMediaStream(callId: string): MediaStream | undefined {
    const call = this.live.get(callId);
    if (call) return call.remoteMediaStream();
    for (const transfer of this.transfers.values()) {
      const stream = transfer.remoteMediaStream(callId);
      if (stream) return stream;
    }
    return undefined;
  }

  /** Blind transfer (REFER) of an active call; the outcome arrives in the call's `transfer`. */
  async transfer(callId: string, target: string): Promise<void> {
    return this.transferOf(callId).blind(this.target(target));
  }

  /** Attended transfer, step 1: hold the call and call the target. */
  async consult(callId: string, target: string): Promise<{ consultCallId: string }> {
    return { consultCallId: await this.transferOf(callId).consult(this.target(target)) };
  }

  /** Attended transfer, step 2: REFER with Replaces, connecting the caller to the consulted target. */
  async completeTransfer(callId: string, consultCallId: string): Promise<void> {
    return this.transferOf(callId).complete(consultCallId);
  }

  /** Attended only: end the consult call and take the caller off hold. */
  cancelTransfer(callId: string): Promise<void> {
    const transfer = this.transfers.get(callId);
    if (!transfer) return Promise.reject(new Error('no transfer that can be cancelled'));
    return transfer.cancel();
  }

  /** Do not disturb ('reject' mode, see availability.ts): calls already live are not touched. */
  setDoNotDisturb(on: boolean): void {
    if (on !== this.doNotDisturb) this.logger.info(`do not disturb ${on ? 'on' : 'off'}`);
    this.doNotDisturb = on;
  }

  networkOnline(): void {
    this.connection?.networkOnline();
  }

  async dispose(): Promise<void> {
    await this.configure(null);
    this.registrationListeners.clear();
    this.callListeners.clear();
  }

  private async apply(config: PhoneConfig | null): Promise<void> {
    if (JSON.stringify(config) === JSON.stringify(this.config)) return;
    this.config = config;
    const old = this.connection;
    this.connection = undefined;
    for (const call of this.live.values()) call.abandon('phone reconfigured');
    await old?.stop(true);
    if (!config) {
      if (this.machine.state !== 'unconfigured') this.machine.transition('unconfigured');
      return;
    }
    try {
      this.connection = new SipConnection(config, this.deps, this.machine, (inv) => this.incoming(inv, config), (reason) => this.lost(reason));
    } catch (error) {
      this.machine.transition('error', { ext: config.ext, reason: (error as Error).message });
      return;
    }
    this.connection.start();
  }

  private hasLiveCall(): boolean {
    return [...this.live.values()].some((c) => isLive(c.snapshot.state));
  }

  private target(raw: string): TransferTarget {
    const parsed = parseTransferTarget(raw, this.config?.domain ?? '');
    if (!parsed.ok) throw new Error(`transfer target: ${parsed.error}`);
    return parsed.target;
  }

  private transferOf(callId: string): Transfer {
    const call = this.call(callId);
    if (call.snapshot.state !== 'active') throw new Error(`cannot transfer a call that is ${call.snapshot.state}`);
    // Transfers are built for answered inbound calls (the Invitation's dialog); an outbound call is not transferable yet.
    if (!(call instanceof PhoneCall)) throw new Error('an outbound call cannot be transferred');
    const existing = this.transfers.get(callId);
    if (existing) return existing;
    const transfer = new Transfer({
      session: call.invitation,
      newConsult: (target, onChange) => {
        const ua = this.connection?.userAgent;
        if (!ua) throw new Error('not connected to the PBX');
        return new ConsultCall(this.newCallId(), ua, target, this.clock, this.logger, this.transferTimeoutMs, onChange);
      },
      clock: this.clock,
      logger: this.logger,
      timeoutMs: this.transferTimeoutMs,
      onChange: (info) => call.setTransfer(info),
      setAudioHeld: (held) => call.setAudioHeld(held),
      endTransferred: (detail) => call.endTransferred(detail),
    });
    this.transfers.set(callId, transfer);
    return transfer;
  }

  /** Before `callId` talks: every other answered call not on hold is held, or the error says which could not be. */
  private async holdOthers(callId: string, action: 'answer' | 'resume'): Promise<void> {
    for (const other of this.live.values()) {
      const snap = other.snapshot;
      if (other.id === callId || snap.state !== 'active' || isOnHold(snap.hold)) continue;
      // An outbound call has no hold yet (outbound-call.ts): it cannot make way for another call.
      if (!(other instanceof PhoneCall)) throw new Error(`Cannot ${action}: an outbound call is in progress`);
      try {
        await other.setHold(true);
      } catch (error) {
        throw new Error(`Cannot ${action}: the other call could not be held (${(error as Error).message})`);
      }
    }
  }

  /** A live inbound call (hold, keypad and transfer are built on the Invitation's dialog; an outbound call has none of them yet). */
  private inbound(callId: string, what: string): PhoneCall {
    const call = this.call(callId);
    if (!(call instanceof PhoneCall)) throw new Error(`an outbound call cannot be ${what} yet`);
    return call;
  }

  private call(callId: string): LiveCall {
    const call = this.live.get(callId);
    // The id comes from a message: quoted and capped in the error, never trusted as text.
    if (!call) throw new Error(`no live call ${JSON.stringify(callId.slice(0, 64))}`);
    return call;
  }

  private incoming(invitation: Invitation, config: PhoneConfig): void {
    const { notification, warnings } = decodeInvitation(invitation, config.ext);
    // Our own id: the Call-ID and tags are the PBX's choice (sip-values.ts).
    const id = this.newCallId();
    const calls = [...this.live.values()].map((c) => c.snapshot);
    const busy = admitIncoming(calls, this.config?.callWaiting ?? config.callWaiting ?? 'ring') === 'busy';
    const refusal = this.doNotDisturb ? DND_DETAIL : busy ? BUSY_DETAIL : undefined;
    if (refusal !== undefined) {
      this.logger.warn(`call ${id}: ${refusal}; answered 486 Busy Here`);
      invitation.reject({ statusCode: 486 }).catch((e: unknown) => this.logger.warn('486 not sent:', e));
      const now = this.clock.now();
      this.changed({
        id, source: 'sip', state: 'ended', endReason: 'missed', endDetail: refusal,
        notification, warnings, ringingAt: now, endedAt: now, muted: false, ...sipCallIdOf(invitation),
      });
      return;
    }
    const call = new PhoneCall(id, invitation, notification, warnings, this.clock, this.logger, (s) => this.changed(s));
    this.live.set(call.id, call);
    this.changed(call.snapshot);
  }

  /**
   * The PBX connection dropped. A ringing call ends: it can no longer be answered through it. An
   * active call is kept for a short grace (10 s): a network change or a blip reconnects within
   * that, and once registered again restoreMedia() renegotiates it with an ICE restart. Not back in
   * time, or the re-INVITE fails (a restarted PBX knows neither leg: 481, or no answer), it ends
   * as before: kept 'active' it would stay on screen for ever and make every later INVITE a 486,
   * since over WebSocket the PBX reaches us only through the connection the dialog started on.
   * Ending it also stops its media (SIP.js disposes the session).
   */
  private lost(reason: string): void {
    for (const call of [...this.live.values()]) {
      if (call.snapshot.state !== 'active' || this.graceMs <= 0) {
        call.abandon(`connection to the PBX lost: ${reason}`);
        continue;
      }
      if (this.surviving.has(call.id)) continue;
      this.logger.warn(`call ${call.id}: connection to the PBX lost (${reason}); kept ${this.graceMs / 1000} s for a reconnect`);
      const timer = this.clock.setTimeout(() => {
        this.surviving.delete(call.id);
        call.abandon(`connection to the PBX lost: ${reason}; not back within ${this.graceMs / 1000} s`);
      }, this.graceMs);
      this.surviving.set(call.id, timer);
    }
  }

  /** Registered again: each call kept through the outage gets its ICE-restart re-INVITE. */
  private restoreMedia(): void {
    for (const [id, timer] of [...this.surviving]) {
      this.clock.clearTimeout(timer);
      this.surviving.delete(id);
      const call = this.live.get(id);
      if (!call) continue;
      // An outbound call has no ICE restart yet (outbound-call.ts): it ends as before this feature.
      if (!(call instanceof PhoneCall)) {
        call.abandon('connection to the PBX lost');
        continue;
      }
      this.logger.info(`call ${id}: reconnected; re-INVITE with an ICE restart`);
      void call.restartIce(REINVITE_TIMEOUT_MS).then((outcome) => {
        if (outcome.ok) this.logger.info(`call ${id}: media renegotiated after the reconnect`);
        else call.abandon(`connection to the PBX lost; media not restored: ${outcome.reason}`);
      });
    }
  }

  private forgetSurviving(callId: string): void {
    const timer = this.surviving.get(callId);
    if (timer === undefined) return;
    this.clock.clearTimeout(timer);
    this.surviving.delete(callId);
  }

  private changed(snapshot: CallSnapshot): void {
    if (snapshot.state === 'ended') {
      this.forgetSurviving(snapshot.id);
      this.live.delete(snapshot.id);
      this.transfers.get(snapshot.id)?.dispose();
      this.transfers.delete(snapshot.id);
      this.ended = [snapshot, ...this.ended.filter((c) => c.id !== snapshot.id)].slice(0, KEEP_ENDED);
    }
    this.notify(this.callListeners, snapshot);
    if (this.deferred !== undefined && !this.hasLiveCall()) {
      const config = this.deferred;
      this.deferred = undefined;
      this.configure(config).catch((e: unknown) => this.logger.error('could not apply the deferred settings:', e));
    }
  }

  /** Listeners run inside SIP.js callbacks: one that throws must not break the SIP stack. */
  private notify<T>(listeners: Set<(value: T) => void>, value: T): void {
    for (const cb of listeners) {
      try {
        cb(value);
      } catch (error) {
        this.logger.error('phone listener failed:', error);
      }
    }
  }
}
