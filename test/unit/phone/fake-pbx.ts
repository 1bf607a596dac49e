import type { WebSocketConstructor, WebSocketLike } from '../../../lib/phone';

/**
 * A registrar in memory, reached through a fake WebSocket: enough SIP to answer REGISTER and
 * OPTIONS, so the Phone's connection logic runs under fake timers. Replies are delivered on
 * a 1 ms timer, like a network would, never synchronously inside send().
 */
export class FakePbx {
  mode: 'up' | 'down' | 'frozen' = 'up';
  /** REGISTER answer: 200, or a rejection such as 401 / 403. */
  registerStatus: 200 | 401 | 403 | 500 = 200;
  requests: string[] = [];
  private sockets = new Set<FakeSocket>();

  readonly WebSocket: WebSocketConstructor = (() => {
    const pbx = this;
    return class extends FakeSocket {
      constructor(url: string, protocol: string) {
        super(pbx, url, protocol);
      }
    };
  })();

  connected(): number {
    return this.sockets.size;
  }

  count(method: string): number {
    return this.requests.filter((m) => m === method).length;
  }

  /** The server goes away: every connection closes, new ones are refused. */
  kill(): void {
    this.mode = 'down';
    for (const socket of [...this.sockets]) this.closeSocket(socket, 1006);
  }

  /** @internal */
  open(socket: FakeSocket): void {
    setTimeout(() => {
      if (this.mode === 'up') {
        this.sockets.add(socket);
        socket.onopen?.({});
      } else if (this.mode === 'down') {
        socket.onclose?.({ code: 1006 });
      } // frozen: the upgrade is never answered
    }, 1);
  }

  /** @internal */
  closeSocket(socket: FakeSocket, code: number): void {
    if (!this.sockets.delete(socket)) return;
    setTimeout(() => socket.onclose?.({ code }), 1);
  }

  /** @internal */
  receive(socket: FakeSocket, message: string): void {
    if (this.mode !== 'up' || !this.sockets.has(socket)) return;
    const method = message.slice(0, message.indexOf(' '));
    this.requests.push(method);
    const header = (name: string) => new RegExp(`^${name}: *(.*)$`, 'im').exec(message)?.[1] ?? '';
    const status = method === 'REGISTER' ? this.registerStatus : 200;
    const lines = [
      `SIP/2.0 ${status} ${REASONS[status]}`,
      `Via: ${header('Via')}`,
      `From: ${header('From')}`,
      `To: ${header('To')};tag=pbx`,
      `Call-ID: ${header('Call-ID')}`,
      `CSeq: ${header('CSeq')}`,
    ];
    if (method === 'REGISTER' && status === 200) lines.push(`Contact: ${header('Contact')}`);
    if (status === 401) lines.push('WWW-Authenticate: Digest realm="pbx.test", nonce="abc", qop="auth"');
    const reply = [...lines, 'Content-Length: 0', '', ''].join('\r\n');
    setTimeout(() => {
      if (this.mode === 'up' && this.sockets.has(socket)) socket.onmessage?.({ data: reply });
    }, 1);
  }
}

const REASONS = { 200: 'OK', 401: 'Unauthorized', 403: 'Forbidden', 500: 'Server Internal Error' };

class FakeSocket implements WebSocketLike {
  binaryType = 'blob';
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: { code: number }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;

  constructor(private readonly pbx: FakePbx, readonly url: string, readonly protocol: string) {
    pbx.open(this);
  }

  send(data: string): void {
    this.pbx.receive(this, data);
  }

  close(): void {
    this.pbx.closeSocket(this, 1000);
  }

  terminate(): void {
    this.pbx.closeSocket(this, 1006);
  }
}
