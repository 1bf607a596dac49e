import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { createAgentConnection } from '../../bridge/connection';
import type { Inbox } from '../../bridge/inbox';
import { createMetrics } from '../../bridge/metrics';
import type { StreamEntry } from '../../bridge/redis-client';

const NOW = 1_800_000_000_000;
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

class FakeSocket extends EventEmitter {
  sent: unknown[] = [];
  closedWith: number | null = null;
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close(code: number) {
    this.closedWith = code;
    this.emit('close', code);
  }
  terminate() {}
  ping() {}
  frame(value: unknown) {
    this.emit('message', Buffer.from(JSON.stringify(value)), false);
  }
}

function fakeInbox(entries: StreamEntry[]) {
  const acked: string[] = [];
  const inbox: Inbox = {
    park: async () => null,
    track: async () => {},
    read: async (_ext, from) => ('afterId' in from ? entries.filter((e) => e.id > from.afterId) : entries),
    ack: async (_ext, id) => (acked.push(id), true),
    trim: async () => ({ removed: 0, left: 0 }),
    listInboxes: async () => [],
    forgetInbox: async () => {},
  };
  return { inbox, acked };
}

function connect(entries: StreamEntry[]) {
  const socket = new FakeSocket();
  const { inbox, acked } = fakeInbox(entries);
  const connection = createAgentConnection({
    socket: socket as unknown as WebSocket,
    ext: '1001',
    tokenExpiresAt: null,
    instanceId: 'test',
    parkSeconds: 60,
    inbox,
    metrics: createMetrics({ queueLength: async () => 0 }),
    log: quiet,
    now: () => NOW,
  });
  return { socket, connection, acked };
}

const entry = (i: number, ageMs = 1000): StreamEntry => ({
  id: `${NOW - ageMs}-${String(i).padStart(3, '0')}`,
  fields: { item: `{"n":${i}}`, takenAt: String(NOW - ageMs) },
});

const settle = () => new Promise((r) => setTimeout(r, 10));

describe('agent connection', () => {
  it('sends hello, then the fresh inbox entries oldest first, skipping expired ones', async () => {
    const { socket, connection } = connect([entry(0, 61_000), entry(1), entry(2)]);
    await settle();
    expect(socket.sent).toEqual([
      { type: 'hello', ext: '1001', instance: 'test', parkSeconds: 60 },
      { type: 'call', id: entry(1).id, item: '{"n":1}', takenAt: NOW - 1000 },
      { type: 'call', id: entry(2).id, item: '{"n":2}', takenAt: NOW - 1000 },
    ]);
    connection.close(1000, 'done');
  });

  it('does not count acks of the calls it sent as a flood (an agent back to a full inbox)', async () => {
    const entries = Array.from({ length: 50 }, (_, i) => entry(i));
    const { socket, acked } = connect(entries);
    await settle();
    for (const e of entries) socket.frame({ type: 'ack', id: e.id });
    await settle();
    expect(socket.closedWith).toBeNull();
    expect(acked).toHaveLength(50);
  });

  it('counts other frames: a flood closes with 1008, and so does the same ack repeated', async () => {
    const { socket } = connect([entry(1)]);
    await settle();
    // The first ack answers the call sent; the 21 repeats after it count.
    for (let i = 0; i < 21; i++) socket.frame({ type: 'ack', id: entry(1).id });
    expect(socket.closedWith).toBeNull();
    socket.frame({ type: 'ack', id: entry(1).id });
    expect(socket.closedWith).toBe(1008);
  });

  it('closes with 4401 when the token expires while connected', async () => {
    const socket = new FakeSocket();
    const { inbox } = fakeInbox([]);
    createAgentConnection({
      socket: socket as unknown as WebSocket,
      ext: '1001',
      tokenExpiresAt: Date.now() + 30,
      instanceId: 'test',
      parkSeconds: 60,
      inbox,
      metrics: createMetrics({ queueLength: async () => 0 }),
      log: quiet,
      now: Date.now,
    });
    await new Promise((r) => setTimeout(r, 80));
    expect(socket.closedWith).toBe(4401);
  });
});
