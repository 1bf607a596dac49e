import type { Envelope, MessageName, PayloadOf, Protocol, Reply, ResponseOf } from '@/lib/messages';
import type { PanelPlace, PanelView } from '@/lib/screen-pop/panel-view';
import { PORT_ACTIONS } from '@/lib/screen-pop/panel-port';
import { parsePanelView } from '@/lib/screen-pop/panel-view-schema';
import type { MessageSenderLike } from './native-runtime';

/**
 * The caller panel's side of the message contract in lib/messages.ts, without importing it:
 * that module pulls classic zod and the phone schemas into every CRM tab. Only types come from
 * there (erased at build time), so a renamed message or a changed payload still fails `tsc`.
 * Same envelope ({to, name, payload}) and the same reply shape ({ok, value} | {ok, error}).
 */

/**
 * What the panel sends. Most go down its port to the phone's page (host-link.ts,
 * lib/screen-pop/panel-port.ts); call controls also have the worker's route ('call/*' to 'bg',
 * as from the popup), taken when the port is down. 'panel/hello', 'panel/prefilled' and
 * 'panel/place' exist only on the port (the screen pop lives in the phone's page).
 */
interface PortOnly {
  'panel/hello': { payload: undefined; response: PanelView };
  'panel/prefilled': { payload: { callId: string; ok: boolean; error?: string }; response: void };
  'panel/place': { payload: PanelPlace; response: void };
}
type WorkerRouted =
  | 'call/accept'
  | 'call/reject'
  | 'call/hangup'
  | 'call/mute'
  | 'call/transfer'
  | 'call/consult'
  | 'call/transfer-complete'
  | 'call/transfer-cancel'
  | 'call/hold'
  | 'call/dtmf'
  | 'panel/dismiss'
  | 'panel/open-record'
  | 'call/wrap-up'
  | 'call/wrap-up-status';
export type PanelOutbound = WorkerRouted | keyof PortOnly;

// Compile-time: the worker-routed names exist in the protocol, go to the worker, and every one
// of them is also a port action (PORT_ACTIONS), as are the port-only ones but the hello.
const routedToWorker: { [N in WorkerRouted]: Protocol[N]['to'] } = {
  'call/accept': 'bg',
  'call/reject': 'bg',
  'call/hangup': 'bg',
  'call/mute': 'bg',
  'call/transfer': 'bg',
  'call/consult': 'bg',
  'call/transfer-complete': 'bg',
  'call/transfer-cancel': 'bg',
  'call/hold': 'bg',
  'call/dtmf': 'bg',
  'panel/dismiss': 'bg',
  'panel/open-record': 'bg',
  'call/wrap-up': 'bg',
  'call/wrap-up-status': 'bg',
};
void routedToWorker;
const portActions: readonly Exclude<PanelOutbound, 'panel/hello'>[] = PORT_ACTIONS;
void portActions;

type PayloadFor<N extends PanelOutbound> = N extends keyof PortOnly ? PortOnly[N]['payload'] : N extends MessageName ? PayloadOf<N> : never;
type ResponseFor<N extends PanelOutbound> = N extends keyof PortOnly ? PortOnly[N]['response'] : N extends MessageName ? ResponseOf<N> : never;
type Args<N extends PanelOutbound> = undefined extends PayloadFor<N> ? [payload?: PayloadFor<N>] : [payload: PayloadFor<N>];

/** The part of runtime the client needs; injected so it runs under vitest. */
export interface PanelRuntime {
  sendMessage(message: unknown): Promise<unknown>;
}

export interface PanelClient {
  send<N extends PanelOutbound>(name: N, ...args: Args<N>): Promise<ResponseFor<N>>;
}

/** The port side of the client: host-link.ts. */
export interface PanelPortSide {
  hello(): Promise<PanelView>;
  act(name: string, payload: unknown): Promise<unknown>;
  connected(): boolean;
}

export function createPanelClient(runtime: PanelRuntime, port?: PanelPortSide): PanelClient {
  const routed = new Set<string>(Object.keys(routedToWorker));
  return {
    async send(name, ...[payload]) {
      if (port !== undefined) {
        if (name === 'panel/hello') return (await port.hello()) as never;
        // Only the port's own actions go down it: a call control added later (call/hold, ...) is
        // the worker's, as from the popup, until the host learns it too.
        const onPort = (PORT_ACTIONS as readonly string[]).includes(name);
        if (onPort && (port.connected() || !routed.has(name))) return unwrapReply(name, await port.act(name, payload)) as never;
      }
      const message: Envelope = { to: 'bg', name, payload };
      return unwrapReply(name, await runtime.sendMessage(message)) as never;
    },
  };
}

/** Rebuilds the worker's error on this side, like lib/messages.ts unwrapReply. */
export function unwrapReply(name: string, reply: unknown): unknown {
  if (isRecord(reply) && reply.ok === true) return reply.value;
  if (isRecord(reply) && reply.ok === false && isRecord(reply.error) && typeof reply.error.message === 'string') {
    const error = new Error(reply.error.message);
    error.name = typeof reply.error.name === 'string' ? reply.error.name : 'Error';
    throw error;
  }
  throw new Error(`${name}: no receiver answered`);
}

/**
 * After the extension is reloaded or removed, the old content script lives on with a dead
 * runtime: runtime.id is gone and every call throws "Extension context invalidated".
 */
export function isContextInvalidated(error: unknown, runtimeId: string | undefined): boolean {
  if (runtimeId === undefined) return true;
  const message = error instanceof Error ? error.message : String(error);
  return /extension context invalidated/i.test(message);
}

function fail(name: string, message: string): Reply {
  return { ok: false, error: { name, message } };
}
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
