import { Registerer } from 'sip.js';
import { createUserAgent } from './create-user-agent';
import { sipValue } from './sip-values';
import type { Clock, Logger, PhoneConfig } from './types';
import type { WebSocketConstructor } from './ws-transport';

/**
 * 'Test registration' on the options page: one REGISTER with the settings as typed (not yet
 * saved), then an unREGISTER, on a UserAgent of its own (its own random Contact, so the phone's
 * binding at the PBX is left alone). The password goes only into SIP.js's digest; nothing here
 * logs or returns it (the PBX's reason phrase is cleaned and capped like the phone's).
 */
export type RegisterTestResult =
  | { ok: true; ms: number }
  | { ok: false; kind: 'auth-failed' | 'unreachable' | 'refused' | 'timeout'; detail: string };

export interface RegisterTestDeps {
  clock: Clock;
  logger: Logger;
  WebSocket?: WebSocketConstructor;
  timeoutMs?: number;
}

const AUTH_CODES = new Set([401, 403, 407]);
/** Quiet: a one-off test needs no SIP trace in the console. */
const QUIET: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export async function testRegister(config: Omit<PhoneConfig, 'contactId'>, deps: RegisterTestDeps): Promise<RegisterTestResult> {
  const timeoutMs = deps.timeoutMs ?? 10_000;
  const started = deps.clock.now();
  let ua: ReturnType<typeof createUserAgent>;
  try {
    ua = createUserAgent(
      config,
      {
        clock: deps.clock,
        logger: QUIET,
        WebSocket: deps.WebSocket,
        sessionDescriptionHandlerFactory: undefined,
        connectTimeoutMs: config.connectTimeoutMs ?? 3_000,
        sipLogLevel: 'error',
      },
      {},
    );
  } catch (e) {
    return { ok: false, kind: 'refused', detail: e instanceof Error ? e.message : String(e) };
  }
  let timer: unknown;
  const timeout = new Promise<RegisterTestResult>((resolve) => {
    timer = deps.clock.setTimeout(() => resolve({ ok: false, kind: 'timeout', detail: `no answer in ${Math.round(timeoutMs / 1000)} s` }), timeoutMs);
  });
  const attempt = (async (): Promise<RegisterTestResult> => {
    try {
      await ua.start();
    } catch (e) {
      return { ok: false, kind: 'unreachable', detail: e instanceof Error ? sipValue(e.message) : 'connection failed' };
    }
    const registerer = new Registerer(ua, { expires: 60 });
    return new Promise<RegisterTestResult>((resolve) => {
      registerer
        .register({
          requestDelegate: {
            onAccept: () => {
              const ms = deps.clock.now() - started;
              // Leave no binding behind: unregister, then report (a refused unREGISTER still proved the login).
              registerer
                .unregister({ requestDelegate: { onAccept: () => resolve({ ok: true, ms }), onReject: () => resolve({ ok: true, ms }) } })
                .catch(() => resolve({ ok: true, ms }));
            },
            onReject: (response) => {
              const { statusCode, reasonPhrase } = response.message;
              const detail = `${statusCode ?? ''} ${sipValue(reasonPhrase)}`.trim();
              resolve({ ok: false, kind: AUTH_CODES.has(statusCode ?? 0) ? 'auth-failed' : 'refused', detail });
            },
          },
        })
        .catch((e: unknown) => resolve({ ok: false, kind: 'unreachable', detail: e instanceof Error ? sipValue(e.message) : 'REGISTER not sent' }));
    });
  })();
  try {
    return await Promise.race([attempt, timeout]);
  } finally {
    deps.clock.clearTimeout(timer);
    await ua.stop().catch((e: unknown) => deps.logger.debug('test UserAgent did not stop cleanly', e));
  }
}
