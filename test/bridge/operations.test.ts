import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { agentClient, pushAsPbx, runBridgeOnce, startBridge, startRedis, TEST_SECRET, v3Notification, type TestBridge, type TestRedis } from './harness';
import { useRedisAndBridge } from './use-bridge';
import { tokenFor } from './tokens';

let redis: TestRedis;
let bridge: TestBridge;

useRedisAndBridge({}, (started) => ({ redis, bridge } = started));

describe('bridge operations', () => {
  it('exports the Prometheus metrics', async () => {
    const agent = await agentClient(bridge.wsUrl, await tokenFor('7001'));
    await pushAsPbx(redis.client, v3Notification('7001', 'm1'));
    await agent.waitForCalls(1);
    const res = await fetch(`${bridge.httpUrl}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    for (const name of [
      'bridge_notifications_delivered_total 1',
      'bridge_notifications_parked_total 1',
      'bridge_notifications_missed_total 0',
      'bridge_notifications_dead_lettered_total 0',
      'bridge_decode_errors_total 0',
      'bridge_agents_connected 1',
      'bridge_queue_length 0',
      'bridge_delivery_latency_seconds_count 1',
    ]) {
      expect(text).toContain(`\n${name}\n`);
    }
    await agent.close();
  });

  it('drains on SIGTERM: agents get 1001, the lease is released, exit code 0', async () => {
    const other = await startBridge({ REDIS_URL: redis.url });
    const agent = await agentClient(other.wsUrl, await tokenFor('7002'));
    expect(await other.stop()).toBe(0);
    expect((await agent.closed).code).toBe(1001);
    expect(await redis.client.exists(`{enigma:notifications:inbound}:instance:${other.instanceId}`)).toBe(0);
    expect(Number(await redis.client.sIsMember('{enigma:notifications:inbound}:instances', other.instanceId))).toBe(0);
  });

  it('answers /healthz 200 while Redis answers PING, 503 when it does not', async () => {
    const own = await startRedis();
    const b = await startBridge({ REDIS_URL: own.url });
    expect((await fetch(`${b.httpUrl}/healthz`)).status).toBe(200);
    await own.stop();
    const res = await fetch(`${b.httpUrl}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ redis: 'down' });
    await b.kill();
  });

  it('refuses an invalid configuration with one line per variable and exit code 2, without echoing the secret', async () => {
    const secret = 'short-secret-value';
    const r = await runBridgeOnce({ REDIS_URL: 'ftp://x', BRIDGE_SECRET: secret, BRIDGE_PARK_SECONDS: '0', BRIDGE_POP_END: 'middle', BRIDGE_LISTEN: 'nowhere' });
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe('bridge: invalid configuration:');
    for (const name of ['REDIS_URL', 'BRIDGE_SECRET', 'BRIDGE_PARK_SECONDS', 'BRIDGE_POP_END', 'BRIDGE_LISTEN']) {
      expect(lines.filter((l) => l.includes(name)), name).toHaveLength(1);
    }
    expect(r.stderr + r.stdout).not.toContain(secret);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace

    const tls = await runBridgeOnce({ REDIS_URL: redis.url, BRIDGE_SECRET: TEST_SECRET, BRIDGE_TLS_CERT: 'missing-cert.pem', BRIDGE_TLS_KEY: 'missing-key.pem' });
    expect(tls.code).toBe(2);
    expect(tls.stderr).toContain('BRIDGE_TLS_CERT cannot be read (ENOENT)');
  });

  it('prints a token with `token <ext> --days N` that the bridge accepts', async () => {
    const r = await runBridgeOnce({ BRIDGE_SECRET: TEST_SECRET }, ['token', '7003', '--days', '1']);
    expect(r.code).toBe(0);
    const token = r.stdout.trim();
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string; exp: number; iat: number };
    expect(claims.sub).toBe('7003');
    expect(claims.exp - claims.iat).toBe(86_400);
    const agent = await agentClient(bridge.wsUrl, token);
    expect(agent.hello.ext).toBe('7003');
    await agent.close();
    expect((await runBridgeOnce({ BRIDGE_SECRET: TEST_SECRET }, ['token', 'bad ext!'])).code).toBe(2);
  });

  it('serves wss:// and https:// with BRIDGE_TLS_CERT and BRIDGE_TLS_KEY', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'bridge-tls-'));
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const ca = await readFile(cert);
    const tls = await startBridge({ REDIS_URL: redis.url, BRIDGE_TLS_CERT: cert, BRIDGE_TLS_KEY: key });
    try {
      expect(tls.logs.find((l) => l.msg === 'listening')?.tls).toBe(true);
      const status = await new Promise<number>((resolve, reject) =>
        https.get(`https://127.0.0.1:${tls.port}/healthz`, { ca }, (res) => resolve(res.statusCode ?? 0)).on('error', reject),
      );
      expect(status).toBe(200);
      const socket = new WebSocket(`wss://127.0.0.1:${tls.port}/agent`, ['teleforge.v1', `teleforge.token.${await tokenFor('7004')}`], { ca });
      const hello = await new Promise<{ type: string; ext: string }>((resolve, reject) => {
        socket.once('message', (data) => resolve(JSON.parse(String(data))));
        socket.once('error', reject);
      });
      expect(hello).toMatchObject({ type: 'hello', ext: '7004' });
      expect(socket.protocol).toBe('teleforge.v1');
      socket.close();
    } finally {
      await tls.kill();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
