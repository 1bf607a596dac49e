import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { createAgentConnection } from './connection';
import { MAX_FRAME_BYTES } from './frames';
import type { Hub } from './hub';
import type { Inbox } from './inbox';
import { errorText, type Logger } from './logger';
import type { BridgeMetrics } from './metrics';
import type { RateLimiter } from './rate-limiter';
import { PROTOCOL, tokenFromAuthorization, tokenFromSubprotocols, verifyAgentToken, type TokenCheck } from './tokens';

export const AGENT_PATH = '/agent';
export const TOKEN_CHECK_PATH = `${AGENT_PATH}/token-check`;

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'Authorization',
  'Access-Control-Allow-Methods': 'GET, OPTIONS',
};

/**
 * The bridge's HTTP(S) server: `GET /healthz`, `GET /metrics`, `GET /agent/token-check` and the
 * agents' WebSocket upgrade on `/agent` (docs/bridge-protocol.md). The token is checked in the
 * `upgrade` handler, before any WebSocket exists, so a refused client gets a real 401/429.
 */
export function createHttpServer(deps: {
  tls: { cert: string; key: string } | null;
  secret: Uint8Array;
  instanceId: string;
  parkSeconds: number;
  trustProxy: boolean;
  hub: Hub;
  inbox: Inbox;
  metrics: BridgeMetrics;
  badTokens: RateLimiter;
  log: Logger;
  now: () => number;
  redisHealthy: () => Promise<boolean>;
}) {
  const { hub, metrics, badTokens, log } = deps;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    // Never select the token subprotocol: it would echo the token back in the response headers.
    handleProtocols: (offered) => (offered.has(PROTOCOL) ? PROTOCOL : false),
  });

  const addressOf = (req: http.IncomingMessage) => {
    if (deps.trustProxy) {
      const hops = String(req.headers['x-forwarded-for'] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      if (hops.length) return hops[hops.length - 1]!;
    }
    return req.socket.remoteAddress ?? 'unknown';
  };

  /** Verifies, counting a refusal against the address; 'limited' once the address is over its limit. */
  const check = async (token: string | null, address: string): Promise<TokenCheck | 'limited'> => {
    if (badTokens.blocked(address)) return 'limited';
    const result = token === null ? { ok: false as const, reason: 'missing' } : await verifyAgentToken(token, deps.secret, deps.now);
    if (!result.ok) {
      metrics.badTokens.inc({ reason: result.reason });
      log.info('token refused', { reason: result.reason, address });
      if (!badTokens.hit(address)) return 'limited';
    }
    return result;
  };

  const onRequest = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://bridge').pathname;
    if (path === '/healthz' && req.method === 'GET') {
      const ok = await deps.redisHealthy();
      res.writeHead(ok ? 200 : 503, { 'Content-Type': 'application/json' }).end(JSON.stringify({ redis: ok ? 'ok' : 'down' }));
      return;
    }
    if (path === '/metrics' && req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': metrics.registry.contentType }).end(await metrics.registry.metrics());
      return;
    }
    if (path === TOKEN_CHECK_PATH) {
      if (req.method === 'OPTIONS') return void res.writeHead(204, CORS).end();
      if (req.method === 'GET') {
        const result = await check(tokenFromAuthorization(req.headers.authorization), addressOf(req));
        const json = { ...CORS, 'Content-Type': 'application/json' };
        if (result === 'limited') return void res.writeHead(429, json).end(JSON.stringify({ error: 'too many bad tokens' }));
        if (!result.ok) return void res.writeHead(401, json).end(JSON.stringify({ error: 'token refused' }));
        return void res.writeHead(204, CORS).end();
      }
    }
    res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'not found' }));
  };

  const refuse = (socket: Duplex, status: 400 | 401 | 404 | 429 | 503) => {
    const text = http.STATUS_CODES[status];
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  const onUpgrade = async (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const path = new URL(req.url ?? '/', 'http://bridge').pathname;
    if (path !== AGENT_PATH) return refuse(socket, 404);
    const offered = tokenFromSubprotocols(req.headers['sec-websocket-protocol']);
    const result = await check(offered.token, addressOf(req));
    if (result === 'limited') return refuse(socket, 429);
    if (!result.ok) return refuse(socket, 401);
    if (!offered.v1) return refuse(socket, 400);
    if (!hub.canAccept(result.ext)) {
      log.warn('too many connections for one agent', { ext: result.ext });
      return refuse(socket, 429);
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      hub.add(
        createAgentConnection({
          socket: ws,
          ext: result.ext,
          tokenExpiresAt: result.expiresAt,
          instanceId: deps.instanceId,
          parkSeconds: deps.parkSeconds,
          inbox: deps.inbox,
          metrics,
          log,
          now: deps.now,
        }),
      );
      log.info('agent connected', { ext: result.ext });
    });
  };

  const server = deps.tls ? https.createServer({ cert: deps.tls.cert, key: deps.tls.key }) : http.createServer();
  server.on('request', (req, res) => {
    onRequest(req, res).catch((error) => {
      log.error('request failed', { error: errorText(error) });
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.on('upgrade', (req, socket, head) => {
    onUpgrade(req, socket, head).catch((error) => {
      log.error('upgrade failed', { error: errorText(error) });
      socket.destroy();
    });
  });
  return server;
}
