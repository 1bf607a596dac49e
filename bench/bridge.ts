/**
 * The bridge section of `npm run bench` (alone: `npm run bench -- bridge`): BRIDGE_BENCH_N
 * notifications (default 10,000) for BRIDGE_BENCH_AGENTS simulated agents (default 200, `ws` clients
 * that ack like the extension) through two bridge instances (the bundled build, child processes)
 * on one redis-server, pushed the way the PBX pushes (RPUSH, in batches of 100 as fast as Redis
 * takes them). Reports what was lost and duplicated, throughput, push-to-delivery latency, and the
 * same for a baseline measured in the same run: plain BLPOP by two consumers on the same Redis,
 * handed to a callback in process (no decode, no inbox, no WebSocket). The burst measures throughput
 * (its latencies are mostly queueing); a steady phase, BRIDGE_BENCH_RATE a second (default 200) for
 * 10 s, measures the latency of one call when the bridge keeps up. Then the recovery phase:
 * one instance SIGKILLed mid-burst, its agents reconnecting to the other: time from the kill to the
 * last item delivered, and whether any was lost. Writes bench/results-bridge.{json,md}.
 */
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { agentClient, callRefOf, pushAsPbx, redisClient, startBridge, startRedis, v3Notification, type AgentClient, type TestBridge, type TestRedis } from '../test/bridge/harness';
import { tokenFor } from '../test/bridge/tokens';
import { SOURCE_LIST } from '../bridge/keys';
import { jsonSummary, latencyTable, markdownTable, type Row } from './report';
import { summarize } from './stats';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const count = (name: string, fallback: number) => {
  const n = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number`);
  return n;
};
const N = count('BRIDGE_BENCH_N', 10_000);
const AGENTS = count('BRIDGE_BENCH_AGENTS', 200);
const RECOVERY_N = Math.min(N, 2_000);
/** The steady phase: BRIDGE_BENCH_RATE notifications a second (default 200) for 10 s. */
const RATE = count('BRIDGE_BENCH_RATE', 200);
const PACED_N = RATE * 10;
const LEASE_SECONDS = 2;
const BATCH = 100;
const log = (text: string) => console.log(`  ${text}`);

interface Run {
  delivered: number;
  lost: number;
  duplicates: number;
  twiceParked: number;
  seconds: number;
  latencies: number[];
}

/**
 * Pushes `n` notifications round-robin over the agents, stamping each push time by call_ref: in batches
 * of 100 as fast as Redis takes them (a burst), or `perSecond` paced in batches of 10 (steady traffic).
 */
async function pushAll(redis: TestRedis, n: number, agents: number, prefix: string, pushedAt: Map<string, number>, perSecond?: number) {
  const size = perSecond ? 10 : BATCH;
  const started = performance.now();
  for (let i = 0; i < n; i += size) {
    if (perSecond) {
      const due = started + (i / perSecond) * 1000;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    const batch = Array.from({ length: Math.min(size, n - i) }, (_, j) => v3Notification(`a${(i + j) % agents}`, `${prefix}-${i + j}`));
    const t = performance.now();
    for (const item of batch) pushedAt.set(item.payload.call_ref, t);
    await pushAsPbx(redis.client, ...batch);
  }
}

async function waitFor(what: () => string, done: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Agents on alternate instances; every call frame's arrival time by call_ref (first arrival). */
async function connectAgents(bridges: TestBridge[], deliveredAt: Map<string, number>, repeats: Repeats) {
  const clients: AgentClient[] = [];
  for (let i = 0; i < AGENTS; i++) {
    const c = await agentClient(bridges[i % bridges.length]!.wsUrl, await tokenFor(`a${i}`));
    watch(c, deliveredAt, repeats);
    clients.push(c);
  }
  return clients;
}

/** Repeated frames: `n` in all, `twiceParked` of them under a second inbox id (a notification parked twice). */
interface Repeats {
  n: number;
  twiceParked: number;
  ids: Map<string, string>;
}
const repeatsCounter = (): Repeats => ({ n: 0, twiceParked: 0, ids: new Map() });

function watch(c: AgentClient, deliveredAt: Map<string, number>, repeats: Repeats) {
  const seen = (item: string, id: string) => {
    const ref = callRefOf(item);
    if (deliveredAt.has(ref)) {
      repeats.n++;
      if (repeats.ids.get(ref) !== id) repeats.twiceParked++;
    } else {
      deliveredAt.set(ref, performance.now());
      repeats.ids.set(ref, id);
    }
  };
  // Calls that came in the same chunk as hello, before agentClient resolved.
  for (const frame of c.calls) seen(frame.item, frame.id);
  c.socket.on('message', (data) => {
    const frame = JSON.parse(String(data)) as { type: string; item?: string; id?: string };
    if (frame.type === 'call') seen(frame.item!, frame.id!);
  });
}

function result(n: number, pushedAt: Map<string, number>, deliveredAt: Map<string, number>, repeats: Repeats): Run {
  const latencies = [...deliveredAt].map(([ref, t]) => t - pushedAt.get(ref)!);
  const first = Math.min(...pushedAt.values());
  const last = Math.max(...deliveredAt.values());
  return { delivered: deliveredAt.size, lost: n - deliveredAt.size, duplicates: repeats.n, twiceParked: repeats.twiceParked, seconds: (last - first) / 1000, latencies };
}

async function bridgeRun(redis: TestRedis, n: number, perSecond?: number): Promise<Run> {
  const bridges = await Promise.all([0, 1].map(() => startBridge({ REDIS_URL: redis.url })));
  const pushedAt = new Map<string, number>();
  const deliveredAt = new Map<string, number>();
  const repeats = repeatsCounter();
  const clients = await connectAgents(bridges, deliveredAt, repeats);
  await pushAll(redis, n, AGENTS, perSecond ? 'bp' : 'b', pushedAt, perSecond);
  await waitFor(() => `${n} deliveries (have ${deliveredAt.size})`, () => deliveredAt.size >= n, 180_000);
  await new Promise((r) => setTimeout(r, 500)); // late duplicates, if any
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(bridges.map((b) => b.stop()));
  return result(n, pushedAt, deliveredAt, repeats);
}

async function baselineRun(redis: TestRedis, n: number, perSecond?: number): Promise<Run> {
  const pushedAt = new Map<string, number>();
  const deliveredAt = new Map<string, number>();
  let running = true;
  const consumers = [0, 1].map(async () => {
    const c = redisClient(redis.url);
    await c.connect();
    while (running) {
      const r = await c.blPop(SOURCE_LIST, 0.2);
      if (r) deliveredAt.set(callRefOf(r.element), performance.now());
    }
    await c.close();
  });
  await pushAll(redis, n, AGENTS, perSecond ? 'pp' : 'p', pushedAt, perSecond);
  await waitFor(() => `baseline deliveries (have ${deliveredAt.size})`, () => deliveredAt.size >= n, 120_000);
  running = false;
  await Promise.all(consumers);
  return result(n, pushedAt, deliveredAt, repeatsCounter());
}

/** One of two instances SIGKILLed a third of the way through; its agents reconnect to the other. */
async function recoveryRun(redis: TestRedis) {
  const env = { REDIS_URL: redis.url, BRIDGE_LEASE_SECONDS: String(LEASE_SECONDS) };
  const [victim, survivor] = await Promise.all([startBridge(env), startBridge(env)]);
  const pushedAt = new Map<string, number>();
  const deliveredAt = new Map<string, number>();
  const repeats = repeatsCounter();
  const clients = await connectAgents([victim!, survivor!], deliveredAt, repeats);
  for (const [i, c] of clients.entries()) {
    if (i % 2 !== 0) continue;
    void c.closed
      .then(async () => {
        const again = await agentClient(survivor!.wsUrl, await tokenFor(`a${i}`));
        watch(again, deliveredAt, repeats);
        clients.push(again);
      })
      .catch((e) => console.log('reconnect failed', e));
  }
  const pushing = pushAll(redis, RECOVERY_N, AGENTS, 'r', pushedAt);
  await waitFor(() => 'a third of the burst', () => deliveredAt.size >= RECOVERY_N / 3, 60_000);
  const killedAt = performance.now();
  await victim!.kill();
  await pushing;
  await waitFor(() => `all ${RECOVERY_N} after the kill (have ${deliveredAt.size})`, () => deliveredAt.size >= RECOVERY_N, 120_000);
  const recoveredMs = Math.max(...deliveredAt.values()) - killedAt;
  await new Promise((r) => setTimeout(r, 500));
  await Promise.all(clients.map((c) => c.close().catch(() => {})));
  await survivor!.stop();
  return {
    n: RECOVERY_N,
    lost: RECOVERY_N - deliveredAt.size,
    repeatedFrames: repeats.n,
    parkedTwice: repeats.twiceParked,
    killToLastDeliveryMs: recoveredMs,
    leaseSeconds: LEASE_SECONDS,
  };
}

export async function runBridgeBench() {
  console.log(`\nBridge: ${N} notifications, ${AGENTS} agents, 2 instances, one redis-server (${os.cpus().length} cores)`);
  const started = Date.now();
  const redis = await startRedis();
  try {
    log(`burst: ${N} pushed as fast as Redis takes them…`);
    const bridge = await bridgeRun(redis, N);
    const baseline = await baselineRun(redis, N);
    log(`steady: ${PACED_N} at ${RATE}/s…`);
    const pacedBridge = await bridgeRun(redis, PACED_N, RATE);
    const pacedBaseline = await baselineRun(redis, PACED_N, RATE);
    log('recovery run (SIGKILL one instance mid-burst)…');
    const recovery = await recoveryRun(redis);

    const rows: Row[] = [
      { what: `burst, bridge: RPUSH -> call frame at the agent`, summary: summarize(bridge.latencies) },
      { what: `burst, baseline: RPUSH -> BLPOP handoff`, summary: summarize(baseline.latencies) },
      { what: `${RATE}/s, bridge: RPUSH -> call frame at the agent`, summary: summarize(pacedBridge.latencies) },
      { what: `${RATE}/s, baseline: RPUSH -> BLPOP handoff`, summary: summarize(pacedBaseline.latencies) },
    ];
    const rate = (r: Run) => Math.round(r.delivered / r.seconds);
    console.log(`\n${latencyTable(rows)}`);
    log(`bridge:   ${bridge.delivered}/${N} delivered, ${bridge.lost} lost, ${bridge.duplicates} repeated frames, ${rate(bridge)} notifications/s`);
    log(`baseline: ${baseline.delivered}/${N} delivered, ${baseline.lost} lost, ${rate(baseline)} notifications/s`);
    log(`steady:   bridge ${pacedBridge.delivered}/${PACED_N} delivered (${pacedBridge.lost} lost, ${pacedBridge.duplicates} repeated), baseline ${pacedBaseline.delivered}/${PACED_N}`);
    log(`recovery: ${recovery.n - recovery.lost}/${recovery.n} delivered after SIGKILL of one instance (lease ${LEASE_SECONDS} s), last one ${(recovery.killToLastDeliveryMs / 1000).toFixed(1)} s after the kill, ${recovery.repeatedFrames} repeated frames (${recovery.parkedTwice} under a second id)`);

    const results = {
      date: new Date().toISOString(),
      cores: os.cpus().length,
      sizes: { notifications: N, agents: AGENTS, instances: 2, steadyPerSecond: RATE, steadyNotifications: PACED_N, recoveryNotifications: RECOVERY_N },
      unit: 'ms from the RPUSH being sent to the call frame received by the agent (baseline: to BLPOP returning)',
      bridge: { delivered: bridge.delivered, lost: bridge.lost, repeatedFrames: bridge.duplicates, parkedTwice: bridge.twiceParked, perSecond: rate(bridge), latency: jsonSummary(rows[0]!.summary) },
      baseline: { delivered: baseline.delivered, lost: baseline.lost, perSecond: rate(baseline), latency: jsonSummary(rows[1]!.summary) },
      steady: {
        bridge: { delivered: pacedBridge.delivered, lost: pacedBridge.lost, repeatedFrames: pacedBridge.duplicates, latency: jsonSummary(rows[2]!.summary) },
        baseline: { delivered: pacedBaseline.delivered, lost: pacedBaseline.lost, latency: jsonSummary(rows[3]!.summary) },
      },
      recovery: { ...recovery, killToLastDeliveryMs: Math.round(recovery.killToLastDeliveryMs) },
      durationS: Math.round((Date.now() - started) / 1000),
    };
    await writeFile(path.join(ROOT, 'bench', 'results-bridge.json'), `${JSON.stringify(results, null, 2)}\n`);
    const md = [
      `Run ${results.date.slice(0, 10)}, ${results.cores} cores: ${N} notifications (burst) and ${PACED_N} at ${RATE}/s (steady) for ${AGENTS} agents through 2 bridge instances on one redis-server; ms from the RPUSH.`,
      '',
      markdownTable(rows),
      '',
      '| | delivered | lost | repeated frames | notifications/s |',
      '| --- | ---: | ---: | ---: | ---: |',
      `| burst, bridge | ${bridge.delivered} | ${bridge.lost} | ${bridge.duplicates} | ${rate(bridge)} |`,
      `| burst, baseline (BLPOP) | ${baseline.delivered} | ${baseline.lost} | | ${rate(baseline)} |`,
      `| ${RATE}/s, bridge | ${pacedBridge.delivered} | ${pacedBridge.lost} | ${pacedBridge.duplicates} | |`,
      `| ${RATE}/s, baseline (BLPOP) | ${pacedBaseline.delivered} | ${pacedBaseline.lost} | | |`,
      '',
      `Recovery: one instance SIGKILLed a third of the way through ${recovery.n} notifications (lease ${LEASE_SECONDS} s): ` +
        `${recovery.n - recovery.lost} delivered, ${recovery.lost} lost, ${recovery.repeatedFrames} frames sent again (${recovery.parkedTwice} under a second inbox id), the last ${(recovery.killToLastDeliveryMs / 1000).toFixed(1)} s after the kill.`,
      '',
    ].join('\n');
    await writeFile(path.join(ROOT, 'bench', 'results-bridge.md'), md);
    log(`wrote bench/results-bridge.json and bench/results-bridge.md (${results.durationS} s)`);
    return bridge.lost + baseline.lost + pacedBridge.lost + pacedBaseline.lost + recovery.lost + recovery.parkedTwice + bridge.twiceParked === 0;
  } finally {
    await redis.stop();
  }
}

// scripts/bench.mjs runs this file with BENCH_SECTION=bridge (vite-node passes no argv to tell).
if (process.env.BENCH_SECTION === 'bridge') {
  const ok = await runBridgeBench();
  process.exit(ok ? 0 : 1);
}
