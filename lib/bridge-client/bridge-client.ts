import { decodeRedisNotification, type CallNotification } from '../call-notification';
import { AUTH_RETRY_BACKOFF, Backoff, type BackoffOptions } from '../phone/backoff';
import { RECONNECT_SCHEDULE, ReconnectSchedule, type ReconnectScheduleOptions } from '../phone/reconnect-schedule';
import { silentLogger, systemClock, type Clock, type Logger } from '../phone/types';
import { BridgeMachine, type BridgeStatus } from './bridge-state';
import { ackFrame, offeredSubprotocols, parseBridgeFrame, pingFrame, SUBPROTOCOL, type CallFrame } from './frames';
import { OutboundLimit } from './outbound-limit';
import { SeenIds } from './seen-ids';
import { checkToken, type FetchLike } from './token-check';

/**
 * The extension's end of the bridge channel (docs/bridge-protocol.md): one WebSocket to the
 * bridge, kept up on the same reconnect schedule as the SIP registration, app-level ping/pong (browsers cannot
 * send WebSocket pings), each `call` frame decoded with the same decoder as the bridge's and
 * handed to `onCall`, then acked. The token is a secret: it goes only into the subprotocol
 * list and the token-check header, never into a log line, a status or an error text.
 */
export interface BridgeConfig {
  /** wss://host/agent (ws:// only for loopback; checked by the settings). */
  url: string;
  token: string;
}

/** The part of the WebSocket API used here; the browser's and Node's `ws` both fit. */
export interface BridgeSocket {
  readonly protocol: string;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: { code: number }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  send(data: string): void;
  close(code?: number): void;
}
export type BridgeSocketConstructor = new (url: string, protocols: string[]) => BridgeSocket;

/** One notification from the bridge, decoded. */
export interface BridgeCall {
  /** The bridge's inbox entry id (not the call's id in the extension). */
  entryId: string;
  notification: CallNotification;
  warnings: string[];
  /** Epoch ms the bridge took it from Redis (the bridge's clock). */
  takenAt: number;
}

export interface BridgeClientDeps {
  WebSocket: BridgeSocketConstructor;
  fetch: FetchLike;
  onStatus: (status: BridgeStatus) => void;
  /** Resolves once the call is with the screen pop: only then is it acked. */
  onCall: (call: BridgeCall) => void | Promise<void>;
  clock?: Clock;
  logger?: Logger;
  random?: () => number;
  /** App-level ping period and the wait for any frame after it; defaults 15 s / 8 s (the bridge pings every 20 s). */
  pingIntervalMs?: number;
  pongTimeoutMs?: number;
  /** WebSocket open deadline, default 8 s. */
  connectTimeoutMs?: number;
  /** The SIP phone's schedule by default: about a try a second for the first 5 minutes of an outage. */
  reconnectSchedule?: Partial<ReconnectScheduleOptions>;
  wrongTokenBackoff?: Partial<BackoffOptions>;
}

export interface BridgeClient {
  /** null: off. The same config again changes nothing (the watchdog re-sends it). */
  configure(config: BridgeConfig | null): void;
  readonly status: BridgeStatus;
  dispose(): void;
}

/**
 * While the bridge answers not even its token check over HTTP, a try is that check, and a WebSocket
 * is opened only once it answers, or at least this often: browsers throttle failed WebSockets
 * (lib/phone/http-probe.ts says how), and the SIP phone's WebSockets share the same throttle.
 */
const SOCKET_TRY_AT_LEAST_EVERY_MS = 30_000;

/** Close codes of docs/bridge-protocol.md. */
const GOING_AWAY = 1001;
const TOKEN_EXPIRED = 4401;

export function createBridgeClient(deps: BridgeClientDeps): BridgeClient {
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? silentLogger;
  const random = deps.random ?? Math.random;
  const pingIntervalMs = deps.pingIntervalMs ?? 15_000;
  const pongTimeoutMs = deps.pongTimeoutMs ?? 8_000;
  const connectTimeoutMs = deps.connectTimeoutMs ?? 8_000;
  const reconnect = new ReconnectSchedule({ ...RECONNECT_SCHEDULE, ...deps.reconnectSchedule }, () => clock.now(), random);
  const wrongToken = new Backoff({ ...AUTH_RETRY_BACKOFF, ...deps.wrongTokenBackoff }, random);
  const machine = new BridgeMachine(clock, logger, (status) => deps.onStatus(status));
  const seen = new SeenIds();

  let config: BridgeConfig | null = null;
  let socket: BridgeSocket | null = null;
  let outbox: OutboundLimit | null = null;
  /** Bumped by every new socket or config: late events of an older one are ignored. */
  let generation = 0;
  let timers: unknown[] = [];
  /** The last refused try found the bridge silent over HTTP too (the token check got no answer). */
  let silent = false;
  let lastSocketAt = 0;

  const later = (fn: () => void, ms: number): void => {
    timers.push(clock.setTimeout(fn, ms));
  };
  const clearTimers = (): void => {
    for (const t of timers) clock.clearTimeout(t);
    timers = [];
  };

  /** Forgets the socket at once: a dead bridge never completes the closing handshake. */
  function drop(code = 1000): void {
    const old = socket;
    socket = null;
    outbox?.dispose();
    outbox = null;
    clearTimers();
    generation++;
    if (old === null) return;
    old.onopen = old.onclose = old.onerror = old.onmessage = null;
    try {
      old.close(code);
    } catch {
      // Already closed or closing.
    }
  }

  function connect(): void {
    drop();
    const cfg = config;
    if (cfg === null) return;
    machine.transition('connecting');
    lastSocketAt = clock.now();
    const gen = generation;
    let ws: BridgeSocket;
    try {
      ws = new deps.WebSocket(cfg.url, offeredSubprotocols(cfg.token));
    } catch (e) {
      // A SyntaxError's message can quote the protocols (the token): keep only its name.
      retry('error', reconnect, `cannot open the Bridge URL (${e instanceof Error ? e.name : 'error'})`);
      return;
    }
    socket = ws;
    let opened = false;
    later(() => {
      if (gen === generation && !opened) void refused(gen, cfg, 'no answer in time');
    }, connectTimeoutMs);
    ws.onopen = () => {
      if (gen !== generation) return;
      opened = true;
      clearTimers();
      if (ws.protocol !== SUBPROTOCOL) {
        retry('error', reconnect, `the bridge does not speak ${SUBPROTOCOL}`);
        return;
      }
      reconnect.reset();
      wrongToken.reset();
      silent = false;
      outbox = new OutboundLimit(clock, (frame) => ws.send(frame));
      machine.transition('connected');
      schedulePing(gen);
    };
    ws.onmessage = (ev) => {
      if (gen === generation) onFrame(ev.data, gen);
    };
    ws.onerror = () => {
      // Followed by onclose; nothing to add (the event carries no reason in browsers).
    };
    ws.onclose = (ev) => {
      if (gen !== generation) return;
      if (!opened) {
        void refused(gen, cfg, 'connection refused');
      } else if (ev.code === TOKEN_EXPIRED) {
        retry('wrong-token', wrongToken, 'the token expired');
      } else {
        // A bridge shutting down (1001) asks us to go elsewhere at once: first retry is the quickest.
        if (ev.code === GOING_AWAY) reconnect.reset();
        retry('reconnecting', reconnect, `closed (${ev.code})`);
      }
    };
  }

  /** The upgrade was refused or never answered: the token-check endpoint says whether the token is why. */
  async function refused(gen: number, cfg: BridgeConfig, what: string): Promise<void> {
    if (gen !== generation) return;
    drop();
    const checking = generation;
    const verdict = await checkToken(deps.fetch, cfg.url, cfg.token);
    // A new config (or dispose) came while we asked.
    if (checking !== generation || config !== cfg) return;
    silent = verdict === 'unreachable';
    if (verdict === 'refused') retry('wrong-token', wrongToken, 'the bridge refused the token');
    else if (verdict === 'rate-limited') retry('reconnecting', reconnect, 'too many attempts');
    else if (verdict === 'valid') retry('reconnecting', reconnect, `${what} (token valid)`);
    else retry('reconnecting', reconnect, `${what}, bridge unreachable`);
  }

  function retry(state: 'reconnecting' | 'wrong-token' | 'error', backoff: Pick<Backoff, 'next'>, reason: string): void {
    drop();
    const delay = backoff.next();
    if (!machine.transition(state, { retryAt: clock.now() + delay, reason })) return;
    const gen = generation;
    later(() => {
      if (gen !== generation || config === null) return;
      if (state === 'reconnecting' && silent && clock.now() - lastSocketAt < SOCKET_TRY_AT_LEAST_EVERY_MS) void checkFirst(config);
      else connect();
    }, delay);
  }

  /** A try while the bridge was silent: the token check first, the WebSocket only once it answers. */
  async function checkFirst(cfg: BridgeConfig): Promise<void> {
    const gen = generation;
    const verdict = await checkToken(deps.fetch, cfg.url, cfg.token);
    if (gen !== generation || config !== cfg) return;
    silent = verdict === 'unreachable';
    if (verdict === 'valid') connect();
    else if (verdict === 'refused') retry('wrong-token', wrongToken, 'the bridge refused the token');
    else retry('reconnecting', reconnect, verdict === 'rate-limited' ? 'too many attempts' : 'bridge unreachable');
  }

  function schedulePing(gen: number): void {
    later(() => {
      if (gen !== generation || outbox === null) return;
      const before = framesReceived;
      outbox.send(pingFrame());
      later(() => {
        if (gen !== generation) return;
        // Any frame since the ping (its pong, a call) shows the bridge alive.
        if (framesReceived === before) retry('reconnecting', reconnect, 'no answer to ping');
        else schedulePing(gen);
      }, pongTimeoutMs);
    }, pingIntervalMs);
  }

  let framesReceived = 0;

  function onFrame(data: unknown, gen: number): void {
    framesReceived++;
    const parsed = parseBridgeFrame(data);
    if (!parsed.ok) {
      logger.warn(`bridge: ignored a frame: ${parsed.error}`);
      return;
    }
    const { frame } = parsed;
    if (frame.type === 'call') onCallFrame(frame, gen);
    else if (frame.type === 'hello') logger.info(`bridge: hello from instance ${frame.instance.slice(0, 64)} for ${frame.ext.slice(0, 32)}`);
  }

  function ack(id: string, gen: number): void {
    // Once the socket is gone the bridge sends the entry again on reconnect: acked then, as seen.
    if (gen === generation) outbox?.send(ackFrame(id));
  }

  function onCallFrame(frame: CallFrame, gen: number): void {
    if (seen.has(frame.id)) {
      ack(frame.id, gen);
      return;
    }
    seen.add(frame.id);
    const decoded = decodeRedisNotification(frame.item);
    if (!decoded.ok) {
      // The bridge decoded it already; a stricter extension acks it anyway so it is not resent forever.
      logger.warn(`bridge: entry ${frame.id} does not decode, dropped: ${decoded.error}`);
      ack(frame.id, gen);
      return;
    }
    const call: BridgeCall = { entryId: frame.id, notification: decoded.call, warnings: decoded.warnings, takenAt: frame.takenAt };
    let handed: Promise<void>;
    try {
      // Called at once (not a turn later): the panel waits for this.
      handed = Promise.resolve(deps.onCall(call));
    } catch (e) {
      handed = Promise.reject(e);
    }
    handed
      .then(
        () => ack(frame.id, gen),
        (e: unknown) => {
          // Not acked: the bridge sends it again after a reconnect, and it is shown then.
          seen.delete(frame.id);
          logger.warn(`bridge: entry ${frame.id} could not be handed to the screen pop`, e);
        },
      );
  }

  return {
    configure(next) {
      if (next === null) {
        config = null;
        drop();
        if (machine.state !== 'off') machine.transition('off');
        return;
      }
      if (config !== null && config.url === next.url && config.token === next.token && machine.state !== 'off') return;
      config = { url: next.url, token: next.token };
      reconnect.reset();
      wrongToken.reset();
      connect();
    },
    get status() {
      return machine.status;
    },
    dispose() {
      config = null;
      drop();
      if (machine.state !== 'off') machine.transition('off');
    },
  };
}
