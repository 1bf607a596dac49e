import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../bridge/config';
import { parseRedisUrl, redactRedisUrl } from '../../bridge/redis-url';

const SECRET = 'x'.repeat(32);
const base = { REDIS_URL: 'redis://127.0.0.1:6379/0', BRIDGE_SECRET: SECRET };
const noFiles = (path: string): string => {
  throw Object.assign(new Error(`no ${path}`), { code: 'ENOENT' });
};

describe('bridge config', () => {
  it('applies the documented defaults', () => {
    const r = parseConfig(base, noFiles);
    expect(r.ok && { ...r.config, secret: undefined, instanceId: undefined }).toEqual({
      redisUrl: 'redis://127.0.0.1:6379/0',
      listen: { host: '127.0.0.1', port: 8787 },
      secret: undefined,
      tls: null,
      parkSeconds: 60,
      popEnd: 'left',
      instanceId: undefined,
      leaseMs: 10_000,
      trustProxy: false,
      logLevel: 'info',
    });
    expect(r.ok && r.config.instanceId).toMatch(/^[A-Za-z0-9._-]+-\d+-[0-9a-f]{6}$/);
  });

  it('reads every variable', () => {
    const files: Record<string, string> = { 'c.pem': 'CERT', 'k.pem': 'KEY' };
    const r = parseConfig(
      {
        ...base,
        REDIS_URL: 'our-client.forge-cloud.com:6379/2',
        BRIDGE_LISTEN: '0.0.0.0:9000',
        BRIDGE_TLS_CERT: 'c.pem',
        BRIDGE_TLS_KEY: 'k.pem',
        BRIDGE_PARK_SECONDS: '5',
        BRIDGE_POP_END: 'right',
        BRIDGE_INSTANCE_ID: 'bridge-a',
        BRIDGE_LEASE_SECONDS: '3',
        BRIDGE_TRUST_PROXY: '1',
      },
      (p) => files[p] ?? noFiles(p),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config).toMatchObject({
      redisUrl: 'redis://our-client.forge-cloud.com:6379/2',
      listen: { host: '0.0.0.0', port: 9000 },
      tls: { cert: 'CERT', key: 'KEY' },
      parkSeconds: 5,
      popEnd: 'right',
      instanceId: 'bridge-a',
      leaseMs: 3000,
      trustProxy: true,
    });
    expect(new TextDecoder().decode(r.config.secret)).toBe(SECRET);
  });

  it('reports one error per bad variable and never the secret', () => {
    const r = parseConfig({ BRIDGE_SECRET: 'too-short', BRIDGE_PARK_SECONDS: '1.5', BRIDGE_POP_END: 'both', BRIDGE_INSTANCE_ID: 'a b' }, noFiles);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.split(' ')[0])).toEqual(['REDIS_URL', 'BRIDGE_SECRET', 'BRIDGE_PARK_SECONDS', 'BRIDGE_POP_END', 'BRIDGE_INSTANCE_ID']);
    expect(r.errors.join('\n')).not.toContain('too-short');
  });

  it('counts the secret in bytes and treats an empty variable as unset', () => {
    expect(parseConfig({ ...base, BRIDGE_SECRET: 'é'.repeat(16) }, noFiles).ok).toBe(true); // 32 bytes
    expect(parseConfig({ ...base, BRIDGE_SECRET: 'x'.repeat(31) }, noFiles).ok).toBe(false);
    const r = parseConfig({ ...base, BRIDGE_PARK_SECONDS: '' }, noFiles);
    expect(r.ok && r.config.parkSeconds).toBe(60);
  });

  it('wants TLS cert and key together, and readable', () => {
    const one = parseConfig({ ...base, BRIDGE_TLS_CERT: 'c.pem' }, noFiles);
    expect(!one.ok && one.errors).toEqual([expect.stringContaining('BRIDGE_TLS_CERT and BRIDGE_TLS_KEY must be set together')]);
    const unreadable = parseConfig({ ...base, BRIDGE_TLS_CERT: 'c.pem', BRIDGE_TLS_KEY: 'k.pem' }, noFiles);
    expect(!unreadable.ok && unreadable.errors).toEqual(['BRIDGE_TLS_CERT cannot be read (ENOENT)', 'BRIDGE_TLS_KEY cannot be read (ENOENT)']);
  });

  it('refuses a port over 65535 and accepts 0 (any free port)', () => {
    expect(parseConfig({ ...base, BRIDGE_LISTEN: '127.0.0.1:70000' }, noFiles).ok).toBe(false);
    const r = parseConfig({ ...base, BRIDGE_LISTEN: '[::1]:0' }, noFiles);
    expect(r.ok && r.config.listen).toEqual({ host: '::1', port: 0 });
  });
});

describe('REDIS_URL', () => {
  it.each([
    ['redis://127.0.0.1:6379', 'redis://127.0.0.1:6379'],
    ['rediss://user:pw@redis.example.com:6380/1', 'rediss://user:pw@redis.example.com:6380/1'],
    ['our-client.forge-cloud.com:6379/0', 'redis://our-client.forge-cloud.com:6379/0'],
    ['10.0.0.5:6379', 'redis://10.0.0.5:6379/0'],
  ])('accepts %s', (input, url) => {
    expect(parseRedisUrl(input)).toEqual({ ok: true, url });
  });

  it.each(['', 'localhost', 'http://x:6379', 'redis://host:6379/abc', 'host:99999/0', 'host:6379/db'])('refuses %j', (input) => {
    expect(parseRedisUrl(input).ok).toBe(false);
  });

  it('drops the credentials for logs', () => {
    expect(redactRedisUrl('rediss://user:pw@redis.example.com:6380/1')).toBe('rediss://redis.example.com:6380/1');
  });
});
