import { beforeEach, describe, expect, it } from 'vitest';
import { testBridgeConnection } from '../../../lib/bridge-client/test-connection';
import type { FetchLike } from '../../../lib/bridge-client';
import { FakeBridgeSocket } from './fake-bridge-socket';

const TOKEN = 'aaa.bbb.ccc';
const config = { url: 'ws://127.0.0.1:7000/agent', token: TOKEN };
const tick = () => new Promise((r) => setTimeout(r, 0));

function fetchAnswering(status: number, seen: { url: string; auth?: string }[] = []): FetchLike {
  return async (url, init) => {
    seen.push({ url, auth: init.headers['Authorization'] });
    return { status };
  };
}

describe('testBridgeConnection', () => {
  beforeEach(() => {
    FakeBridgeSocket.made = [];
  });

  it('connects with the token as a subprotocol, waits for hello, closes, and acks nothing', async () => {
    let now = 1_000;
    const result = testBridgeConnection(config, { WebSocket: FakeBridgeSocket, fetch: fetchAnswering(204), now: () => now });
    const socket = FakeBridgeSocket.last();
    expect(socket.protocols).toEqual(['teleforge.v1', `teleforge.token.${TOKEN}`]);
    socket.open();
    socket.frame({ type: 'call', id: '1-0', item: '{}', takenAt: 1 });
    now = 1_042;
    socket.frame({ type: 'hello', ext: '1001', instance: 'b1', parkSeconds: 60 });
    expect(await result).toEqual({ ok: true, ext: '1001', ms: 42 });
    expect(socket.closedWith).toBe(1000);
    expect(socket.sent).toEqual([]);
  });

  it('a refused upgrade with a token the bridge refuses is wrong-token (asked at /token-check with a Bearer header)', async () => {
    const seen: { url: string; auth?: string }[] = [];
    const result = testBridgeConnection(config, { WebSocket: FakeBridgeSocket, fetch: fetchAnswering(401, seen), now: Date.now });
    FakeBridgeSocket.last().closeFromPeer(1006);
    expect(await result).toEqual({ ok: false, kind: 'wrong-token' });
    expect(seen).toEqual([{ url: 'http://127.0.0.1:7000/agent/token-check', auth: `Bearer ${TOKEN}` }]);
  });

  it('a refused upgrade with a valid token is unreachable; 429 is rate-limited', async () => {
    const valid = testBridgeConnection(config, { WebSocket: FakeBridgeSocket, fetch: fetchAnswering(204), now: Date.now });
    FakeBridgeSocket.last().closeFromPeer(1006);
    expect(await valid).toEqual({ ok: false, kind: 'unreachable' });
    const limited = testBridgeConnection(config, { WebSocket: FakeBridgeSocket, fetch: fetchAnswering(429), now: Date.now });
    FakeBridgeSocket.last().closeFromPeer(1006);
    expect(await limited).toEqual({ ok: false, kind: 'rate-limited' });
  });

  it('another subprotocol than teleforge.v1 is a protocol error; no answer at all times out', async () => {
    const other = testBridgeConnection(config, { WebSocket: FakeBridgeSocket, fetch: fetchAnswering(204), now: Date.now });
    FakeBridgeSocket.last().open('something-else');
    expect(await other).toMatchObject({ ok: false, kind: 'protocol' });
    const silent = testBridgeConnection(config, { WebSocket: FakeBridgeSocket, fetch: fetchAnswering(204), now: Date.now, timeoutMs: 20 });
    await tick();
    FakeBridgeSocket.last().open();
    expect(await silent).toEqual({ ok: false, kind: 'timeout' });
  });

  it('never puts the token into a result', async () => {
    class Throwing extends FakeBridgeSocket {
      constructor(url: string, protocols: string[]) {
        super(url, protocols);
        throw new SyntaxError(`bad protocol ${protocols.join(',')}`);
      }
    }
    const result = await testBridgeConnection(config, { WebSocket: Throwing, fetch: fetchAnswering(204), now: Date.now });
    expect(result).toEqual({ ok: false, kind: 'unreachable', detail: 'SyntaxError' });
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });
});
