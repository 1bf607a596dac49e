import { TransportState } from 'sip.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../../lib/phone/types';
import { WsTransport, type WebSocketLike } from '../../../lib/phone/ws-transport';

class FakeSocket implements WebSocketLike {
  static last: FakeSocket | undefined;
  binaryType = 'blob';
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: { code: number }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  sent: string[] = [];
  close = vi.fn();
  terminate = vi.fn();
  constructor(readonly url: string, readonly protocol: string) {
    FakeSocket.last = this;
  }
  send(data: string) { this.sent.push(data); }
}

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

function setup() {
  const transport = new WsTransport(undefined, { url: 'ws://127.0.0.1:5060/ws', WebSocket: FakeSocket, connectTimeoutMs: 1_000, clock: systemClock, logger: quiet });
  const onConnect = vi.fn();
  const onDisconnect = vi.fn();
  const onMessage = vi.fn();
  Object.assign(transport, { onConnect, onDisconnect, onMessage });
  return { transport, onConnect, onDisconnect, onMessage };
}

async function connected() {
  const s = setup();
  const done = s.transport.connect();
  const socket = FakeSocket.last!;
  socket.onopen?.({});
  await done;
  return { ...s, socket };
}

describe('WsTransport', () => {
  beforeEach(() => { vi.useFakeTimers({ now: 1_000 }); });
  afterEach(() => { vi.useRealTimers(); });

  it('opens a "sip" WebSocket with the injected constructor and reports the connect', async () => {
    const { transport, socket, onConnect } = await connected();
    expect(socket).toMatchObject({ url: 'ws://127.0.0.1:5060/ws', protocol: 'sip', binaryType: 'arraybuffer' });
    expect(transport.state).toBe(TransportState.Connected);
    expect(transport.protocol).toBe('WS');
    expect(onConnect).toHaveBeenCalledTimes(1);
    await transport.send('OPTIONS sip:x SIP/2.0\r\n\r\n');
    expect(socket.sent).toEqual(['OPTIONS sip:x SIP/2.0\r\n\r\n']);
  });

  it('passes SIP text and binary frames on, swallows CRLF keepalive answers, and notes activity for both', async () => {
    const { transport, socket, onMessage } = await connected();
    vi.setSystemTime(2_000);
    socket.onmessage?.({ data: '\r\n' });
    expect(onMessage).not.toHaveBeenCalled();
    expect(transport.lastActivityAt).toBe(2_000);
    socket.onmessage?.({ data: 'SIP/2.0 200 OK\r\n\r\n' });
    socket.onmessage?.({ data: new TextEncoder().encode('SIP/2.0 180 Ringing\r\n\r\n').buffer });
    expect(onMessage.mock.calls).toEqual([['SIP/2.0 200 OK\r\n\r\n'], ['SIP/2.0 180 Ringing\r\n\r\n']]);
  });

  it('reports an unexpected close as a disconnect with an error', async () => {
    const { transport, socket, onDisconnect } = await connected();
    socket.onclose?.({ code: 1006 });
    expect(transport.state).toBe(TransportState.Disconnected);
    expect(onDisconnect).toHaveBeenCalledWith(expect.objectContaining({ message: 'WebSocket closed (code 1006)' }));
    await expect(transport.send('x')).rejects.toThrow('Not connected');
  });

  it('drop() forgets a dead socket at once: disconnect reported, socket terminated, its late events ignored', async () => {
    const { transport, socket, onDisconnect, onMessage } = await connected();
    transport.drop('no answer');
    expect(transport.state).toBe(TransportState.Disconnected);
    expect(onDisconnect).toHaveBeenCalledWith(expect.objectContaining({ message: 'no answer' }));
    expect(socket.terminate).toHaveBeenCalled();
    socket.onmessage?.({ data: 'SIP/2.0 200 OK\r\n\r\n' });
    expect(onMessage).not.toHaveBeenCalled();
    // reconnect uses a new socket
    const again = transport.connect();
    expect(FakeSocket.last).not.toBe(socket);
    FakeSocket.last!.onopen?.({});
    await again;
    expect(transport.isConnected()).toBe(true);
  });

  it('rejects connect() when the socket does not open in time, without a disconnect event', async () => {
    const { transport, onDisconnect } = setup();
    const attempt = transport.connect();
    const socket = FakeSocket.last!;
    vi.advanceTimersByTime(1_000);
    await expect(attempt).rejects.toThrow('did not open within 1000 ms');
    expect(socket.terminate).toHaveBeenCalled();
    expect(transport.state).toBe(TransportState.Disconnected);
    expect(onDisconnect).not.toHaveBeenCalled();
  });

  it('rejects connect() when the socket closes before opening', async () => {
    const { transport } = setup();
    const attempt = transport.connect();
    FakeSocket.last!.onclose?.({ code: 1006 });
    await expect(attempt).rejects.toThrow('WebSocket closed (code 1006)');
  });

  it('disconnect() closes gracefully and reports a disconnect without error', async () => {
    const { transport, socket, onDisconnect } = await connected();
    await transport.disconnect();
    expect(socket.close).toHaveBeenCalledWith(1000);
    expect(onDisconnect).toHaveBeenCalledWith(undefined);
  });
});
