/** Shared set-up for the phone's integration tests: a Phone in Node wired to the test PBX. */
import WebSocket from 'ws';
import { Phone, type CallSnapshot, type PhoneConfig, type PhoneDeps, type RegistrationStatus, type WebSocketConstructor } from '../../lib/phone';
import type { Pbx } from '../pbx/kamailio';
import { fakeSdhFactory } from '../pbx/fake-sdh';

export interface TestPhone {
  phone: Phone;
  statuses: RegistrationStatus[];
  calls: CallSnapshot[];
  states(): string[];
  /** Latest snapshot of the first call matching. */
  lastCall(predicate?: (c: CallSnapshot) => boolean): CallSnapshot | undefined;
}

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

export function phoneConfig(pbx: Pbx, ext = '1001', password = pbx.users[ext] ?? ''): PhoneConfig {
  return { wsUrl: pbx.wsUrl, domain: pbx.domain, ext, password, displayName: `Agent ${ext}`, iceServers: [] };
}

export function makePhone(deps: PhoneDeps = {}): TestPhone {
  const phone = new Phone({
    WebSocket: WebSocket as unknown as WebSocketConstructor,
    sessionDescriptionHandlerFactory: fakeSdhFactory,
    logger: process.env.PHONE_DEBUG ? console : quiet,
    ...deps,
  });
  const statuses: RegistrationStatus[] = [];
  const calls: CallSnapshot[] = [];
  phone.onRegistration((s) => statuses.push(s));
  phone.onCall((c) => calls.push(c));
  return {
    phone,
    statuses,
    calls,
    states: () => statuses.map((s) => s.state),
    lastCall: (predicate = () => true) => [...calls].reverse().find(predicate),
  };
}

export async function waitFor<T>(probe: () => T | undefined | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
