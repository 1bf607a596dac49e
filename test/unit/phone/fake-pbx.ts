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

  /** Responses the phone sent (to INVITEs from invite()), status line first. */
  responses: string[] = [];

  /** An INVITE from caller 2001 to 1001 over the newest connection, with a fixed audio offer. */
  invite(callId: string): void {
    const socket = [...this.sockets].at(-1);
    if (!socket) throw new Error('no connection to send the INVITE on');
    const sdp = ['v=0', 'o=- 0 0 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0', 'm=audio 9 RTP/AVP 0', 'a=sendrecv', ''].join('\r\n');
    const invite = [
      'INVITE sip:1001@127.0.0.1 SIP/2.0',
      `Via: SIP/2.0/WSS pbx.invalid;branch=z9hG4bK${callId}`,
      'Max-Forwards: 70',
      `From: <sip:2001@127.0.0.1>;tag=from-${callId}`,
      'To: <sip:1001@127.0.0.1>',
      `Call-ID: ${callId}`,
      'CSeq: 1 INVITE',
      'Contact: <sip:2001@pbx.invalid;transport=ws>',
      'Content-Type: application/sdp',
      `Content-Length: ${sdp.length}`,
      '',
      sdp,
    ].join('\r\n');
    setTimeout(() => socket.onmessage?.({ data: invite }), 1);
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
    if (method === 'SIP/2.0') {
      this.responses.push(message.slice(0, message.indexOf('\r\n')));
      return;
    }
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
