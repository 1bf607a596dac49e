/**
 * A fixture CRM for the e2e tests, the demo and the benchmark: a few server-rendered pages on a free
 * loopback port that look like a real CRM (header with a contact lookup, nav, record and search
 * pages) and record every request, so a test can tell exactly which record was popped and when.
 *
 * The contact lookup behaves like a React controlled input (see lookup-script.ts): assigning
 * `input.value` is not noticed, only an `input` event carrying a new value updates the page's state,
 * which it shows in #lookup-state. A prefill that types like a user passes; a bare assignment fails.
 *
 * Everything the server echoes (the contact ref, the search query) arrives from hostile headers in
 * the tests and is HTML-escaped; no echoed value ever lands in a script, a style or a URL.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { contactPage, heavyPage, homePage, notFoundPage, searchPage } from './crm-pages';

export interface CrmRequest {
  method: string;
  /** The path as sent, still percent-encoded (no query). */
  path: string;
  /** The request target as sent (path and query, percent-encoded). */
  rawUrl: string;
  /** rawUrl percent-decoded (left as sent where it is not valid percent-encoding). */
  url: string;
  /** performance.now() of this process when the request arrived. */
  at: number;
}

/** A POST to /hooks/… (the disposition webhook), as received. */
export interface HookPost {
  /** Path and query as sent. */
  rawUrl: string;
  body: string;
  contentType: string | undefined;
  authorization: string | undefined;
  /** What the server answered. */
  status: number;
  at: number;
}

export interface CrmServer {
  /** e.g. http://127.0.0.1:41234 */
  origin: string;
  port: number;
  requests(): CrmRequest[];
  /** The first recorded request (earlier ones included) matching `pred`; rejects after `timeoutMs`. */
  waitForRequest(pred: (r: CrmRequest) => boolean, timeoutMs?: number): Promise<CrmRequest>;
  /** Forgets the recorded requests (between tests). */
  clearRequests(): void;
  /** Every POST to /hooks/… so far, in order. */
  hookPosts(): HookPost[];
  /** The next `count` POSTs to /hooks/… answer 500 (a CRM having a bad minute). */
  failHooks(count: number): void;
  /** The first hook POST (earlier ones included) matching `pred`; rejects after `timeoutMs`. */
  waitForHook(pred: (p: HookPost) => boolean, timeoutMs?: number): Promise<HookPost>;
  close(): Promise<void>;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function route(pathname: string, query: URLSearchParams): { status: number; html: string } {
  if (pathname === '/') return { status: 200, html: homePage() };
  if (pathname === '/heavy') return { status: 200, html: heavyPage() };
  if (pathname === '/search') return { status: 200, html: searchPage(query.get('q') ?? '') };
  if (pathname.startsWith('/contacts/')) {
    // The whole rest of the path is the ref: an encoded '/' ('%2F') stays inside one segment.
    return { status: 200, html: contactPage(safeDecode(pathname.slice('/contacts/'.length))) };
  }
  return { status: 404, html: notFoundPage(safeDecode(pathname)) };
}

export async function startCrm(): Promise<CrmServer> {
  const seen: CrmRequest[] = [];
  const waiters = new Set<() => void>();

  const hooks: HookPost[] = [];
  let failing = 0;

  const server = http.createServer((req, res) => {
    const rawUrl = req.url ?? '/';
    const parsed = new URL(rawUrl, 'http://crm.invalid');
    seen.push({ method: req.method ?? 'GET', path: parsed.pathname, rawUrl, url: safeDecode(rawUrl), at: performance.now() });
    for (const wake of waiters) wake();
    if (req.method === 'POST' && parsed.pathname.startsWith('/hooks/')) {
      // The disposition webhook: record the body, answer 500 while told to fail, else 204.
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const status = failing > 0 ? 500 : 204;
        if (failing > 0) failing -= 1;
        hooks.push({
          rawUrl,
          body: Buffer.concat(chunks).toString('utf8'),
          contentType: req.headers['content-type'],
          authorization: req.headers.authorization,
          status,
          at: performance.now(),
        });
        for (const wake of waiters) wake();
        res.writeHead(status, { 'cache-control': 'no-store' });
        res.end();
      });
      return;
    }
    const { status, html } = route(parsed.pathname, parsed.searchParams);
    res.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      // Deliberately no Content-Security-Policy: like many CRMs, and so that markup injected into the
      // page by a faulty panel would run and be caught by the hostile-header tests, not blocked.
    });
    res.end(req.method === 'HEAD' ? undefined : html);
  });
  // Several CRM tabs keep connections open; do not let them hold close() up.
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests: () => [...seen],
    clearRequests() {
      seen.length = 0;
    },
    hookPosts: () => [...hooks],
    failHooks(count) {
      failing = count;
    },
    waitForHook(pred, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const wake = () => {
          const hit = hooks.find(pred);
          if (!hit) return;
          waiters.delete(wake);
          clearTimeout(timer);
          resolve(hit);
        };
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`No matching webhook POST within ${timeoutMs} ms; got ${hooks.length}: ${hooks.map((h) => h.status).join(', ')}`));
        }, timeoutMs);
        waiters.add(wake);
        wake();
      });
    },
    waitForRequest(pred, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const hit = seen.find(pred);
          if (!hit) return false;
          cleanup();
          resolve(hit);
          return true;
        };
        const timer = setTimeout(() => {
          cleanup();
          const paths = seen.map((r) => `${r.method} ${r.rawUrl}`).join(', ') || 'none';
          reject(new Error(`No matching CRM request within ${timeoutMs} ms; requests seen: ${paths}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(wake);
        };
        const wake = () => void check();
        if (!check()) waiters.add(wake);
      });
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
