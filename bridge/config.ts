import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { parseRedisUrl } from './redis-url';

/**
 * The bridge's whole configuration, read once from the environment at start (README "Bridge").
 * Every problem is reported, one line per variable, without echoing values (BRIDGE_SECRET above all).
 */
export interface BridgeConfig {
  redisUrl: string;
  listen: { host: string; port: number };
  /** HS256 key of the agents' tokens, as bytes. */
  secret: Uint8Array;
  tls: { cert: string; key: string } | null;
  parkSeconds: number;
  /** Which end of `enigma:notifications:inbound` is taken: the PBX appends at the tail (RPUSH). */
  popEnd: 'left' | 'right';
  instanceId: string;
  /** How long an instance's lease lives without a refresh before others recover its items. */
  leaseMs: number;
  /** Take the client address from the last X-Forwarded-For hop (behind a load balancer). */
  trustProxy: boolean;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

/**
 * 32 bytes = 256 bits, the HS256 output size: RFC 7518 section 3.2 requires a key at least that long,
 * and a shorter one could be brute-forced offline from any token an agent holds.
 */
export const MIN_SECRET_BYTES = 32;

const LISTEN = /^(?<host>[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):(?<port>\d{1,5})$/;
const INSTANCE_ID = /^[A-Za-z0-9._-]{1,64}$/;

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be a whole number from ${min} to ${max}`);

const envSchema = z.object({
  REDIS_URL: z
    .string({ error: 'is required (redis://host:6379/0, rediss://... or host:port/db)' })
    .transform((value, ctx) => {
      const r = parseRedisUrl(value);
      if (!r.ok) {
        ctx.addIssue({ code: 'custom', message: r.error });
        return z.NEVER;
      }
      return r.url;
    }),
  BRIDGE_LISTEN: z
    .string()
    .default('127.0.0.1:8787')
    .transform((value, ctx) => {
      const m = LISTEN.exec(value.trim());
      const port = Number(m?.groups?.port);
      if (!m?.groups || port > 65535) {
        ctx.addIssue({ code: 'custom', message: 'must be host:port with a port from 0 (any free port) to 65535 (e.g. 0.0.0.0:8787)' });
        return z.NEVER;
      }
      return { host: m.groups.host!.replace(/^\[|\]$/g, ''), port };
    }),
  BRIDGE_SECRET: z
    .string({ error: `is required: a random key of at least ${MIN_SECRET_BYTES} bytes (e.g. \`openssl rand -base64 48\`)` })
    .refine((s) => Buffer.byteLength(s, 'utf8') >= MIN_SECRET_BYTES, {
      message: `must be at least ${MIN_SECRET_BYTES} bytes (HS256 needs a 256-bit key; use \`openssl rand -base64 48\`)`,
    }),
  BRIDGE_TLS_CERT: z.string().min(1, 'must be a file path').optional(),
  BRIDGE_TLS_KEY: z.string().min(1, 'must be a file path').optional(),
  BRIDGE_PARK_SECONDS: wholeNumber(1, 86_400).default(60),
  BRIDGE_POP_END: z.enum(['left', 'right'], { error: 'must be left or right' }).default('left'),
  BRIDGE_INSTANCE_ID: z.string().regex(INSTANCE_ID, 'must be 1-64 of A-Z a-z 0-9 . _ -').optional(),
  BRIDGE_LEASE_SECONDS: wholeNumber(1, 300).default(10),
  BRIDGE_TRUST_PROXY: z.enum(['0', '1'], { error: 'must be 0 or 1' }).default('0'),
  BRIDGE_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error'], { error: 'must be debug, info, warn or error' }).default('info'),
});

export type ConfigResult = { ok: true; config: BridgeConfig } | { ok: false; errors: string[] };

export function parseConfig(env: Record<string, string | undefined>, readFile: (path: string) => string): ConfigResult {
  // An empty variable means "not set" (systemd's Environment=FOO= and shells' FOO= both give '').
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => `${String(issue.path[0] ?? 'environment')} ${issue.message}`);
    return { ok: false, errors: [...new Set(errors)] };
  }
  const e = parsed.data;
  const errors: string[] = [];
  let tls: BridgeConfig['tls'] = null;
  if ((e.BRIDGE_TLS_CERT === undefined) !== (e.BRIDGE_TLS_KEY === undefined)) {
    errors.push('BRIDGE_TLS_CERT and BRIDGE_TLS_KEY must be set together (or neither, for plain ws:// behind a TLS proxy)');
  } else if (e.BRIDGE_TLS_CERT !== undefined && e.BRIDGE_TLS_KEY !== undefined) {
    const cert = readOrError('BRIDGE_TLS_CERT', e.BRIDGE_TLS_CERT, readFile, errors);
    const key = readOrError('BRIDGE_TLS_KEY', e.BRIDGE_TLS_KEY, readFile, errors);
    if (cert !== null && key !== null) tls = { cert, key };
  }
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    config: {
      redisUrl: e.REDIS_URL,
      listen: e.BRIDGE_LISTEN,
      secret: new TextEncoder().encode(e.BRIDGE_SECRET),
      tls,
      parkSeconds: e.BRIDGE_PARK_SECONDS,
      popEnd: e.BRIDGE_POP_END,
      instanceId: e.BRIDGE_INSTANCE_ID ?? defaultInstanceId(),
      leaseMs: e.BRIDGE_LEASE_SECONDS * 1000,
      trustProxy: e.BRIDGE_TRUST_PROXY === '1',
      logLevel: e.BRIDGE_LOG_LEVEL,
    },
  };
}

function readOrError(name: string, path: string, readFile: (path: string) => string, errors: string[]): string | null {
  try {
    return readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    errors.push(`${name} cannot be read (${code})`);
    return null;
  }
}

/** hostname + pid + random: unique even for two processes that reuse a pid in one container. */
function defaultInstanceId(): string {
  const host = os.hostname().replace(/[^A-Za-z0-9.-]/g, '-').slice(0, 40) || 'host';
  return `${host}-${process.pid}-${randomBytes(3).toString('hex')}`;
}
