import type { BridgeSocket } from '../../../lib/bridge-client';

/** A WebSocket stand-in the test drives by hand: open(), frame(), close(). */
export class FakeBridgeSocket implements BridgeSocket {
  static made: FakeBridgeSocket[] = [];
  protocol = '';
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: { code: number }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  readonly sent: string[] = [];
  closedWith: number | undefined;

  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {
    FakeBridgeSocket.made.push(this);
  }

  static last(): FakeBridgeSocket {
    const socket = FakeBridgeSocket.made.at(-1);
    if (!socket) throw new Error('no socket made');
    return socket;
  }

  open(protocol = 'teleforge.v1'): void {
    this.protocol = protocol;
    this.onopen?.({});
  }

  frame(value: unknown): void {
    this.onmessage?.({ data: typeof value === 'string' ? value : JSON.stringify(value) });
  }

  /** The peer closes (or the upgrade is refused: close before open). */
  closeFromPeer(code = 1006): void {
    this.onclose?.({ code });
  }

  send(data: string): void {
    this.sent.push(data);
  }

  close(code?: number): void {
    this.closedWith = code ?? 1000;
  }

  sentFrames(): { type: string; id?: string }[] {
    return this.sent.map((s) => JSON.parse(s) as { type: string; id?: string });
  }
}
