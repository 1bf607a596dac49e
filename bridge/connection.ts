import type { WebSocket } from 'ws';
import { encodeFrame, parseClientFrame, type BridgeFrame } from './frames';
import type { Inbox } from './inbox';
import { errorText, type Logger } from './logger';
import type { BridgeMetrics } from './metrics';
import { entryTime } from './redis-client';

export const MAX_FRAMES_PER_SECOND = 20;
/** Ids sent and not yet acked, remembered per connection so their acks are not counted as a flood. */
const MAX_OUTSTANDING = 10_000;
export const PING_INTERVAL_MS = 20_000;
const READ_BATCH = 200;
/** setTimeout's limit; a token expiring later is re-armed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * One agent WebSocket: sends the agent's inbox (what is fresh and not acked, oldest first) and
 * then every new entry as it is woken, each entry once per connection (the last sent id only moves
 * forward); XDELs what the extension acks. Frames from the extension are bounded in rate, pings
 * detect a dead peer, and the connection is closed with 4401 when its token expires.
 */
export interface AgentConnection {
  ext: string;
  /** Reads the inbox past the last sent entry and sends what is there. */
  pump(): void;
  close(code: number, reason: string): void;
  closed: Promise<void>;
}

export function createAgentConnection(deps: {
  socket: WebSocket;
  ext: string;
  tokenExpiresAt: number | null;
  instanceId: string;
  parkSeconds: number;
  inbox: Inbox;
  metrics: BridgeMetrics;
  log: Logger;
  now: () => number;
}): AgentConnection {
  const { socket, ext, inbox, metrics, log } = deps;
  let lastId: string | null = null;
  let pumping = false;
  let again = false;
  let open = true;
  let alive = true;
  let frameWindow = { start: deps.now(), count: 0 };
  // Acks answer what we sent: a burst of calls (an agent back after a while) brings a burst of acks,
  // which must not count as a flood, or the reconnect would bring the same burst again.
  const outstanding = new Set<string>();

  const send = (frame: BridgeFrame) => {
    if (open) socket.send(encodeFrame(frame));
  };

  const readOnce = async () => {
    const cutoff = deps.now() - deps.parkSeconds * 1000;
    for (;;) {
      const entries = await inbox.read(ext, lastId === null ? { sinceMs: cutoff } : { afterId: lastId }, READ_BATCH);
      for (const entry of entries) {
        lastId = entry.id;
        // Older than the window: it is the sweeper's to count as missed, not ours to show late.
        if (entryTime(entry.id) < cutoff) continue;
        const item = entry.fields.item;
        const takenAt = Number(entry.fields.takenAt);
        if (item === undefined || !Number.isFinite(takenAt)) continue;
        send({ type: 'call', id: entry.id, item, takenAt });
        outstanding.add(entry.id);
        if (outstanding.size > MAX_OUTSTANDING) outstanding.delete(outstanding.values().next().value!);
        metrics.delivered.inc();
        metrics.deliveryLatency.observe(Math.max(0, deps.now() - takenAt) / 1000);
      }
      if (entries.length < READ_BATCH || !open) return;
    }
  };

  const pump = () => {
    if (!open) return;
    if (pumping) {
      again = true;
      return;
    }
    pumping = true;
    void (async () => {
      try {
        do {
          again = false;
          await readOnce();
        } while (again && open);
      } catch (error) {
        // The slow timer and the Redis reconnect pump again.
        log.warn('reading the inbox failed', { ext, error: errorText(error) });
      } finally {
        pumping = false;
      }
    })();
  };

  const onFrame = (data: string) => {
    const now = deps.now();
    const frame = parseClientFrame(data);
    const answersUs = frame?.type === 'ack' && outstanding.delete(frame.id);
    if (!answersUs) {
      if (now - frameWindow.start >= 1000) frameWindow = { start: now, count: 0 };
      if (++frameWindow.count > MAX_FRAMES_PER_SECOND) {
        log.warn('frame flood; closing', { ext });
        close(1008, 'too many frames');
        return;
      }
    }
    if (frame === null) {
      metrics.badFrames.inc();
      return;
    }
    if (frame.type === 'ping') {
      send({ type: 'pong', at: now });
      return;
    }
    inbox.ack(ext, frame.id).then(
      (removed) => {
        if (removed) metrics.acked.inc();
      },
      (error) => log.warn('ack failed', { ext, error: errorText(error) }),
    );
  };

  let closedResolve!: () => void;
  const closed = new Promise<void>((resolve) => (closedResolve = resolve));
  const timers: NodeJS.Timeout[] = [];

  const close = (code: number, reason: string) => {
    if (!open) return;
    open = false;
    socket.close(code, reason);
    // A peer that never answers the close handshake is cut after a few seconds.
    const t = setTimeout(() => socket.terminate(), 3_000);
    t.unref();
  };

  socket.on('message', (data, isBinary) => {
    if (isBinary) {
      metrics.badFrames.inc();
      return;
    }
    onFrame(data.toString());
  });
  socket.on('pong', () => (alive = true));
  socket.on('close', () => {
    open = false;
    for (const t of timers) clearTimeout(t);
    closedResolve();
  });
  socket.on('error', (error) => log.warn('socket error', { ext, error: errorText(error) }));

  timers.push(
    setInterval(() => {
      if (!alive) {
        log.info('no pong; closing', { ext });
        socket.terminate();
        return;
      }
      alive = false;
      socket.ping();
    }, PING_INTERVAL_MS),
  );
  const armExpiry = () => {
    if (deps.tokenExpiresAt === null) return;
    const wait = deps.tokenExpiresAt - deps.now();
    if (wait <= 0) return close(4401, 'token expired');
    timers.push(setTimeout(armExpiry, Math.min(wait, MAX_TIMER_MS)));
  };
  armExpiry();

  send({ type: 'hello', ext, instance: deps.instanceId, parkSeconds: deps.parkSeconds });
  pump();
  return { ext, pump, close, closed };
}
