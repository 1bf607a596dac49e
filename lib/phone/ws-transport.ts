import { EmitterImpl, TransportState, type Transport } from 'sip.js';
import type { Clock, Logger } from './types';

/** The part of the WebSocket API used here; both the browser's and Node's `ws` fit. */
export interface WebSocketLike {
  binaryType: string;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: { code: number }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  send(data: string): void;
  close(code?: number): void;
}
export type WebSocketConstructor = new (url: string, protocol: string) => WebSocketLike;

export interface WsTransportOptions {
  url: string;
  WebSocket: WebSocketConstructor;
  connectTimeoutMs: number;
  clock: Clock;
  logger: Logger;
}

/**
 * SIP over WebSocket (RFC 7118) for SIP.js's UserAgent (`transportConstructor`).
 *
 * Replaces SIP.js's Web transport for two reasons:
 * - the WebSocket constructor is injected (Node < 22 has no global one) instead of read from globalThis;
 * - drop() forgets a dead socket at once. A graceful close() waits for the peer's close frame,
 *   which a frozen server never sends (browsers wait out their closing-handshake timeout, `ws`
 *   30 s), and the phone must start reconnecting as soon as the keepalive says the server is gone.
 * `lastActivityAt` (any frame received) is what the keepalive checks.
 */
export class WsTransport implements Transport {
  readonly stateChange = new EmitterImpl<TransportState>();
  readonly protocol: string;
  onConnect: (() => void) | undefined;
  onDisconnect: ((error?: Error) => void) | undefined;
  onMessage: ((message: string) => void) | undefined;
  lastActivityAt = 0;
  private currentState = TransportState.Disconnected;
  private socket: WebSocketLike | undefined;
  private pending: { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void; timer: unknown } | undefined;

  // SIP.js calls `new transportConstructor(sipLogger, transportOptions)`.
  constructor(_sipLogger: unknown, private readonly options: WsTransportOptions) {
    this.protocol = options.url.startsWith('wss:') ? 'WSS' : 'WS';
  }

  get state(): TransportState {
    return this.currentState;
  }

  isConnected(): boolean {
    return this.currentState === TransportState.Connected;
  }

  connect(): Promise<void> {
    if (this.currentState === TransportState.Connected) return Promise.resolve();
    if (this.pending) return this.pending.promise;
    let socket: WebSocketLike;
    try {
      socket = new this.options.WebSocket(this.options.url, 'sip');
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    this.setState(TransportState.Connecting);
    let resolve!: () => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<void>((res, rej) => { resolve = res; reject = rej; });
    const timer = this.options.clock.setTimeout(
      () => this.fail(socket, new Error(`WebSocket did not open within ${this.options.connectTimeoutMs} ms`)),
      this.options.connectTimeoutMs,
    );
    this.pending = { promise, resolve, reject, timer };
    socket.onopen = () => {
      if (socket !== this.socket || !this.pending) return;
      const { resolve: done, timer: t } = this.pending;
      this.options.clock.clearTimeout(t);
      this.pending = undefined;
      this.lastActivityAt = this.options.clock.now();
      this.setState(TransportState.Connected);
      this.onConnect?.();
      done();
    };
    socket.onclose = (ev) => this.fail(socket, new Error(`WebSocket closed (code ${ev.code})`));
    socket.onerror = () => this.options.logger.debug('transport: WebSocket error');
    socket.onmessage = (ev) => this.receive(socket, ev.data);
    return promise;
  }

  /** Graceful close, used when the user agent stops. */
  disconnect(): Promise<void> {
    const socket = this.socket;
    if (!socket) return Promise.resolve();
    this.forget(socket, false);
    try {
      socket.close(1000);
    } catch {
      // closing a socket that never opened may throw in `ws`; it is forgotten either way
    }
    this.finish(undefined);
    return Promise.resolve();
  }

  dispose(): Promise<void> {
    return this.disconnect();
  }

  /** The connection is dead (keepalive unanswered): forget it now and report the disconnect. */
  drop(reason: string): void {
    const socket = this.socket;
    if (!socket) return;
    this.forget(socket, true);
    this.finish(new Error(reason));
  }

  send(message: string): Promise<void> {
    if (!this.socket || this.currentState !== TransportState.Connected) return Promise.reject(new Error('Not connected.'));
    try {
      this.socket.send(message);
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error('WebSocket send failed.'));
    }
  }

  private receive(socket: WebSocketLike, data: unknown): void {
    if (socket !== this.socket) return;
    this.lastActivityAt = this.options.clock.now();
    const text = typeof data === 'string' ? data : new TextDecoder().decode(data as ArrayBuffer);
    if (/^(\r\n)+$/.test(text) || text === '') return; // CRLF keepalive answer
    if (this.currentState === TransportState.Connected) this.onMessage?.(text);
  }

  /** The socket closed or never opened in time. */
  private fail(socket: WebSocketLike, error: Error): void {
    if (socket !== this.socket) return;
    this.forget(socket, true);
    this.finish(error);
  }

  private forget(socket: WebSocketLike, hard: boolean): void {
    this.socket = undefined;
    socket.onopen = null;
    socket.onclose = null;
    socket.onmessage = null;
    // `ws` throws on an 'error' event without a listener: keep a silent one.
    socket.onerror = () => {};
    if (!hard) return;
    // Node's `ws` can destroy the TCP socket now; a browser socket is closed best effort.
    const terminate = (socket as { terminate?: () => void }).terminate;
    try {
      if (terminate) terminate.call(socket);
      else socket.close(1000);
    } catch {
      // already closing
    }
  }

  private finish(error: Error | undefined): void {
    const was = this.currentState;
    const pending = this.pending;
    this.pending = undefined;
    if (pending) this.options.clock.clearTimeout(pending.timer);
    if (was !== TransportState.Disconnected) this.setState(TransportState.Disconnected);
    if (was === TransportState.Connected) this.onDisconnect?.(error);
    pending?.reject(error ?? new Error('Connect aborted.'));
  }

  private setState(state: TransportState): void {
    this.currentState = state;
    this.stateChange.emit(state);
  }
}
