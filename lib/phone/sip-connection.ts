import { sipValue } from './sip-values';
import { Inviter, Registerer, RegistererState, RequestPendingError, UserAgent, type Core, type Invitation } from 'sip.js';
import { Backoff, type BackoffOptions } from './backoff';
import { ReconnectSchedule, type ReconnectScheduleOptions } from './reconnect-schedule';
import { createUserAgent, sendOptionsPing, type UserAgentDeps } from './create-user-agent';
import type { PbxProbe } from './http-probe';
import { Keepalive } from './keepalive';
import type { RegistrationMachine } from './registration-state';
import type { PhoneConfig } from './types';
import type { WsTransport } from './ws-transport';

export interface ConnectionDeps extends UserAgentDeps {
  random: () => number;
  registerExpiresSec: number;
  keepaliveIntervalMs: number;
  keepaliveTimeoutMs: number;
  reconnectSchedule: ReconnectScheduleOptions;
  authRetryBackoff: BackoffOptions;
  /** Asked between WebSocket tries while the PBX is away (http-probe.ts); none: every try opens a WebSocket. */
  probe?: PbxProbe;
}

const AUTH_CODES = new Set([401, 403, 407]);
/** Re-REGISTER at 85 % of the granted expiry: 600 s -> every 510 s, with room for a slow answer. */
const REFRESH_PERCENT = 85;
const UNREGISTER_WAIT_MS = 1_500;
/**
 * With a probe, a WebSocket is still opened at least this often: a PBX behind something that
 * answers no plain HTTP is then reached within this, and the browser's WebSocket throttle sees
 * few enough failures to stay at a few ms (2-4 per 2 minutes).
 */
const SOCKET_TRY_AT_LEAST_EVERY_MS = 30_000;

/**
 * One configuration's link to the PBX: a SIP.js UserAgent on our WsTransport, its Registerer,
 * the keepalive and the retry timers. Drives the RegistrationMachine (registration-state.ts).
 *
 * SIP.js's own `reconnectionAttempts` reconnects the socket without registering again, so
 * reconnection is done here: every disconnect schedules `ua.reconnect()` on the reconnect
 * schedule (reconnect-schedule.ts: about once a second for the first 5 minutes), and every
 * connect sends a REGISTER. Wrong credentials are retried on the slow auth schedule.
 */
export class SipConnection {
  private readonly ua: UserAgent;
  private registerer: Registerer;
  private readonly keepalive: Keepalive;
  private readonly reconnectSchedule: ReconnectSchedule;
  private readonly authBackoff: Backoff;
  private retryTimer: unknown;
  /** When the last WebSocket was opened (probes in between do not count). */
  private lastSocketTryAt = 0;
  private started = false;
  private stopped = false;

  /** Throws on a config that cannot work (see createUserAgent); the Phone reports 'error'. */
  constructor(
    private readonly config: PhoneConfig,
    private readonly deps: ConnectionDeps,
    private readonly machine: RegistrationMachine,
    private readonly onInvite: (invitation: Invitation) => void,
    private readonly onLost: (reason: string) => void,
  ) {
    this.ua = createUserAgent(config, deps, {
      onConnect: () => {
        // From the first moment, so a server that freezes before answering the REGISTER is
        // noticed as fast as one that freezes later.
        this.keepalive.start();
        this.register();
      },
      onDisconnect: (error) => this.disconnected(error?.message ?? 'connection closed'),
      onInvite: (invitation) => {
        if (this.stopped) void invitation.reject({ statusCode: 480 }).catch(() => undefined);
        else this.onInvite(invitation);
      },
    });
    this.registerer = this.makeRegisterer();
    this.reconnectSchedule = new ReconnectSchedule(deps.reconnectSchedule, () => deps.clock.now(), deps.random);
    this.authBackoff = new Backoff(deps.authRetryBackoff, deps.random);
    this.keepalive = new Keepalive({
      intervalMs: deps.keepaliveIntervalMs,
      timeoutMs: deps.keepaliveTimeoutMs,
      clock: deps.clock,
      ping: () => sendOptionsPing(this.ua, config.domain),
      lastActivity: () => this.transport.lastActivityAt,
      onDead: () => this.transport.drop(`no answer from the PBX within ${deps.keepaliveTimeoutMs} ms`),
    });
  }

  start(): void {
    this.connect();
  }

  /** For outbound legs of the phone's calls (the consult call of a transfer: consult-call.ts). */
  get userAgent(): UserAgent {
    return this.ua;
  }

  /** The browser is back online: retry now instead of waiting out the backoff. */
  networkOnline(): void {
    if (this.stopped) return;
    if (this.machine.state === 'reconnecting') {
      // A new network: try now, and start the schedule over (the outage may be over).
      this.reconnectSchedule.reset();
      this.connect();
    } else if (this.machine.state === 'registered') {
      this.keepalive.checkNow(); // the old connection may not have survived the network change
    }
  }

  /** Unregisters (best effort, bounded wait) and stops the user agent. */
  async stop(unregister: boolean): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.clearRetry();
    this.keepalive.stop();
    if (unregister && this.registerer.state === RegistererState.Registered && this.ua.isConnected()) {
      await this.bounded(new Promise<void>((resolve) => {
        this.registerer
          .unregister({ requestDelegate: { onAccept: () => resolve(), onReject: () => resolve() } })
          .catch(() => resolve());
      }));
    }
    await this.bounded(this.ua.stop().catch((e: unknown) => this.deps.logger.debug('stop:', e)));
  }

  /** An Inviter to `sip:<userPart>@<domain>` on this connection's UA (an outbound call, outbound-call.ts). */
  inviter(userPart: string): Inviter {
    const target = UserAgent.makeURI(`sip:${userPart}@${this.config.domain}`);
    if (!target) throw new Error('not a dialable SIP address');
    return new Inviter(this.ua, target, { earlyMedia: false });
  }

  private get transport(): WsTransport {
    return this.ua.transport as WsTransport;
  }

  private makeRegisterer(): Registerer {
    const registerer = new Registerer(this.ua, {
      expires: this.deps.registerExpiresSec,
      refreshFrequency: REFRESH_PERCENT,
      logConfiguration: false,
    });
    registerer.stateChange.addListener((state) => {
      // A refresh that failed while connected (e.g. the password was changed on the PBX):
      // register again through register(), which reports the reason.
      if (registerer !== this.registerer || this.stopped) return;
      if (state === RegistererState.Unregistered && this.machine.state === 'registered' && this.ua.isConnected()) {
        this.deps.logger.warn('registration lost while connected; registering again');
        this.register();
      }
    });
    return registerer;
  }

  private connect(): void {
    if (this.stopped) return;
    this.clearRetry();
    this.machine.transition('connecting', { ext: this.config.ext });
    this.lastSocketTryAt = this.deps.clock.now();
    const attempt = this.started ? this.ua.reconnect() : this.ua.start();
    this.started = true;
    attempt.catch((error: unknown) => {
      if (this.stopped || this.ua.isConnected()) return;
      this.scheduleReconnect(`cannot connect: ${(error as Error).message}`);
    });
  }

  private register(): void {
    if (this.stopped || !this.ua.isConnected()) return;
    this.clearRetry();
    this.machine.transition('registering', { ext: this.config.ext });
    this.sendRegister(false);
  }

  private sendRegister(freshRegisterer: boolean): void {
    const registerer = this.registerer;
    registerer
      .register({
        requestDelegate: {
          onAccept: () => {
            if (registerer !== this.registerer || this.stopped) return;
            this.reconnectSchedule.reset();
            this.authBackoff.reset();
            this.machine.transition('registered', { ext: this.config.ext });
          },
          onReject: (response) => this.rejected(registerer, response),
        },
      })
      .catch((error: unknown) => {
        // A REGISTER lost with the previous connection keeps the Registerer waiting for its
        // answer for up to 32 s (Timer F), and it refuses to send another meanwhile: go on
        // with a fresh Registerer. The old one times out quietly and keeps no refresh timer.
        if (error instanceof RequestPendingError && !freshRegisterer && registerer === this.registerer && !this.stopped) {
          this.registerer = this.makeRegisterer();
          this.sendRegister(true);
          return;
        }
        this.deps.logger.warn('REGISTER not sent:', error);
      });
  }

  private rejected(registerer: Registerer, response: Core.IncomingResponse): void {
    if (registerer !== this.registerer || this.stopped) return;
    const { statusCode, reasonPhrase } = response.message;
    // The reason phrase is the PBX's text, shown in the popup: cleaned and capped.
    const reason = `${statusCode ?? ''} ${sipValue(reasonPhrase)}`.trim();
    // SIP.js reports a failed send as 503 and a lost answer as 408: the connection's problem.
    if (!this.ua.isConnected()) return; // disconnected() handles it
    if (statusCode === 408) {
      this.transport.drop(`REGISTER timed out (${reason})`);
      return;
    }
    const delay = this.authBackoff.next();
    const retryAt = this.deps.clock.now() + delay;
    const state = AUTH_CODES.has(statusCode ?? 0) ? 'auth-failed' : 'error';
    this.machine.transition(state, { ext: this.config.ext, reason, retryAt });
    this.retryTimer = this.deps.clock.setTimeout(() => {
      this.retryTimer = undefined;
      if (this.ua.isConnected()) this.register();
      else this.connect();
    }, delay);
  }

  private disconnected(reason: string): void {
    this.keepalive.stop();
    if (this.stopped) return;
    this.deps.logger.warn(`disconnected from the PBX: ${reason}`);
    this.onLost(reason);
    // After a rejection the slow retry timer is already set and decides when to come back.
    if (this.machine.state === 'auth-failed' || this.machine.state === 'error') return;
    this.scheduleReconnect(reason);
  }

  private scheduleReconnect(reason: string): void {
    this.clearRetry();
    const delay = this.reconnectSchedule.next();
    this.machine.transition('reconnecting', { ext: this.config.ext, reason, retryAt: this.deps.clock.now() + delay });
    this.retryTimer = this.deps.clock.setTimeout(() => {
      this.retryTimer = undefined;
      void this.retry(reason);
    }, delay);
  }

  /**
   * A scheduled try: the WebSocket at once without a probe, or when none was opened for a while;
   * otherwise only once the probe finds the PBX answering (see http-probe.ts for why), and a
   * silent PBX schedules the next try as a failed WebSocket would.
   */
  private async retry(reason: string): Promise<void> {
    const { probe } = this.deps;
    if (probe === undefined || this.deps.clock.now() - this.lastSocketTryAt >= SOCKET_TRY_AT_LEAST_EVERY_MS) {
      this.connect();
      return;
    }
    const answering = await probe(this.config.wsUrl, this.config.connectTimeoutMs ?? this.deps.connectTimeoutMs);
    // Meanwhile stopped, reconfigured, or brought back by networkOnline(): that path owns it now.
    if (this.stopped || this.machine.state !== 'reconnecting' || this.retryTimer !== undefined) return;
    if (answering) this.connect();
    else this.scheduleReconnect(reason);
  }

  private clearRetry(): void {
    if (this.retryTimer !== undefined) this.deps.clock.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private bounded(work: Promise<void>): Promise<void> {
    return new Promise((resolve) => {
      const timer = this.deps.clock.setTimeout(resolve, UNREGISTER_WAIT_MS);
      void work.finally(() => {
        this.deps.clock.clearTimeout(timer);
        resolve();
      });
    });
  }
}
