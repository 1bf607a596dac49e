/**
 * Real parts for the bridge's tests and bench: a `redis-server` on a free loopback port in a temp dir,
 * the bridge as a CHILD PROCESS running the bundled build (bridge/dist/bridge.mjs, built once per test
 * process) so SIGKILL is a real crash, the PBX's push (RPUSH onto enigma:notifications:inbound), and an
 * agent client speaking docs/bridge-protocol.md with the `ws` package.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';
import WebSocket from 'ws';
import { buildBridge } from '../../bridge/build.mjs';
import { SOURCE_LIST } from '../../bridge/keys';

export function redisClient(url: string) {
  const client = createClient({ url });
  client.on('error', () => {});
  return client;
}
export type RedisClient = ReturnType<typeof redisClient>;

export const TEST_SECRET = 'test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function pollUntil<T>(what: string, check: () => T | Promise<T>, timeoutMs = 20_000, everyMs = 50): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export interface TestRedis {
  url: string;
  port: number;
  /** A client for the test itself (connected). */
  client: RedisClient;
  /** SIGKILL and start again on the same port, empty (no persistence): a Redis crash or failover. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<TestRedis> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bridge-redis-'));
  const port = await freePort();
  let child = await spawnRedis(port, dir);
  const url = `redis://127.0.0.1:${port}/0`;
  const client = redisClient(url);
  await client.connect();
  const kill = async () => {
    child.kill('SIGKILL');
    await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));
  };
  return {
    url,
    port,
    client,
    async restart() {
      await kill();
      child = await spawnRedis(port, dir);
      await pollUntil('the test client to reconnect', async () => (await client.ping()) === 'PONG');
    },
    async stop() {
      await client.close().catch(() => {});
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function spawnRedis(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += String(d)));
  child.stderr!.on('data', (d) => (output += String(d)));
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', (e) =>
      reject(new Error(`redis-server could not start (${e.message}): run \`npm test\`, which installs the Debian package redis-server`)),
    ),
  );
  await Promise.race([spawnError, pollUntil('redis-server to accept connections', () => output.includes('Ready to accept connections'), 15_000)]);
  return child;
}

let bundle: Promise<string> | null = null;
/** The single-file build, built once per process (esbuild takes well under a second). */
export function bridgeBundle(): Promise<string> {
  bundle ??= buildBridge();
  return bundle;
}

export interface LogLine {
  level: string;
  msg: string;
  [key: string]: unknown;
}

export interface TestBridge {
  port: number;
  instanceId: string;
  wsUrl: string;
  httpUrl: string;
  logs: LogLine[];
  stderr: () => string;
  child: ChildProcess;
  exited: Promise<number | null>;
  /** SIGKILL: a crash, no drain. */
  kill(): Promise<void>;
  /** SIGTERM: the graceful drain; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Runs the bundled bridge with plain `node`, as production does (nodeArgs: e.g. --cpu-prof); resolves when it listens. */
export async function startBridge(env: Record<string, string>, opts: { nodeArgs?: string[] } = {}): Promise<TestBridge> {
  const file = await bridgeBundle();
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), file], {
    env: { PATH: process.env.PATH ?? '', BRIDGE_SECRET: TEST_SECRET, BRIDGE_LISTEN: '127.0.0.1:0', BRIDGE_LEASE_SECONDS: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  let stderr = '';
  let partial = '';
  child.stdout!.on('data', (d) => {
    partial += String(d);
    const lines = partial.split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as LogLine);
      } catch {
        logs.push({ level: 'raw', msg: line });
      }
    }
  });
  child.stderr!.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => (gone = true));
  const listening = await pollUntil(
    'the bridge to listen',
    () => {
      if (gone) throw new Error(`the bridge exited during start-up: ${stderr}${JSON.stringify(logs.slice(-5))}`);
      return logs.find((l) => l.msg === 'listening');
    },
    20_000,
  ).catch((error) => {
    child.kill('SIGKILL');
    throw error;
  });
  const port = Number(listening.port);
  return {
    port,
    instanceId: String(listening.instance),
    wsUrl: `ws://127.0.0.1:${port}/agent`,
    httpUrl: `http://127.0.0.1:${port}`,
    logs,
    stderr: () => stderr,
    child,
    exited,
    async kill() {
      if (!gone) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (!gone) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Runs the bundle to completion (config errors, the token command): exit code and output. */
export async function runBridgeOnce(env: Record<string, string>, args: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const file = await bridgeBundle();
  const child = spawn(process.execPath, [file, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += String(d)));
  child.stderr.on('data', (d) => (stderr += String(d)));
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/** A v3 notification, as the PBX pushes it. */
export function v3Notification(ext: string, callRef: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'call',
    payload: { number: '07700900123', dial_number: '02079460000', hold_time: 12, call_ref: callRef, contact_ref: '', call_dir: 'inbound', ref: ext, ...extra },
  };
}

/** A pre-3.0 notification: campaign_ref instead of call_dir. */
export function legacyNotification(ext: string, callRef: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'call',
    payload: { number: '07700900456', dial_number: '02079460001', hold_time: '3', call_ref: callRef, contact_ref: 'ACME-1', campaign_ref: 'inbound', ref: ext, ...extra },
  };
}

/** The PBX appends at the tail (RPUSH); a string is pushed as is (malformed items). */
export async function pushAsPbx(redis: RedisClient, ...items: (object | string)[]): Promise<void> {
  if (items.length === 0) return;
  await redis.rPush(SOURCE_LIST, items.map((i) => (typeof i === 'string' ? i : JSON.stringify(i))));
}

export interface CallFrame {
  type: 'call';
  id: string;
  item: string;
  takenAt: number;
}

export interface AgentClient {
  socket: WebSocket;
  hello: { type: 'hello'; ext: string; instance: string; parkSeconds: number };
  /** Every call frame received, repeats included, in order. */
  calls: CallFrame[];
  frames: unknown[];
  /** Distinct ids received. */
  ids(): Set<string>;
  waitForCalls(n: number, timeoutMs?: number): Promise<CallFrame[]>;
  ack(id: string): void;
  send(data: string): void;
  close(): Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
}

/** Connects like the extension: subprotocols teleforge.v1 + teleforge.token.<JWT>; acks each call unless told not to. */
export async function agentClient(wsUrl: string, token: string, opts: { autoAck?: boolean } = {}): Promise<AgentClient> {
  const socket = new WebSocket(wsUrl, ['teleforge.v1', `teleforge.token.${token}`]);
  const calls: CallFrame[] = [];
  const frames: unknown[] = [];
  let helloResolve!: (h: AgentClient['hello']) => void;
  const hello = new Promise<AgentClient['hello']>((resolve) => (helloResolve = resolve));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data)) as { type: string };
    frames.push(frame);
    if (frame.type === 'hello') helloResolve(frame as AgentClient['hello']);
    if (frame.type === 'call') {
      calls.push(frame as CallFrame);
      if (opts.autoAck !== false) socket.send(JSON.stringify({ type: 'ack', id: (frame as CallFrame).id }));
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
  });
  if (socket.protocol !== 'teleforge.v1') throw new Error(`bridge selected subprotocol ${JSON.stringify(socket.protocol)}`);
  const client: AgentClient = {
    socket,
    hello: await hello,
    calls,
    frames,
    ids: () => new Set(calls.map((c) => c.id)),
    waitForCalls: (n, timeoutMs = 20_000) => pollUntil(`${n} distinct calls (have ${client.ids().size})`, () => (client.ids().size >= n ? calls : undefined), timeoutMs),
    ack: (id) => socket.send(JSON.stringify({ type: 'ack', id })),
    send: (data) => socket.send(data),
    async close() {
      if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.close(1000);
      await closed;
    },
    closed,
  };
  return client;
}

/** The HTTP status of an upgrade with these subprotocols (101 when accepted, then closed). */
export async function upgradeStatus(wsUrl: string, protocols: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl, protocols);
    socket.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('open', () => {
      resolve(101);
      socket.close();
    });
    socket.once('error', (error) => reject(error));
  });
}

/** One sample's value from the bridge's /metrics (0 when absent). */
export async function metric(bridge: TestBridge, name: string): Promise<number> {
  const text = await (await fetch(`${bridge.httpUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : 0;
}

/** Lengths of every processing list (by key) and the source list. */
export async function listLengths(redis: RedisClient): Promise<{ source: number; processing: Record<string, number> }> {
  const processing: Record<string, number> = {};
  for (const key of await redis.keys('{enigma:notifications:inbound}:processing:*')) processing[key] = await redis.lLen(key);
  return { source: await redis.lLen(SOURCE_LIST), processing };
}

export const callRefOf = (item: string) => String((JSON.parse(item) as { payload: { call_ref: unknown } }).payload.call_ref);
