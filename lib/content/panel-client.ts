import type { Envelope, MessageName, PayloadOf, Protocol, Reply, ResponseOf } from '@/lib/messages';
import type { PanelView } from '@/lib/screen-pop/panel-view';
import { parsePanelView } from '@/lib/screen-pop/panel-view-schema';
import type { MessageSenderLike } from './native-runtime';

/**
 * The caller panel's side of the message contract in lib/messages.ts, without importing it:
 * that module pulls classic zod and the phone schemas into every CRM tab. Only types come from
 * there (erased at build time), so a renamed message or a changed payload still fails `tsc`.
 * Same envelope ({to, name, payload}) and the same reply shape ({ok, value} | {ok, error}).
 */

/** What a content script may send: the messages addressed to the worker that the panel uses. */
export type PanelOutbound =
  | 'call/accept'
  | 'call/reject'
  | 'call/hangup'
  | 'call/mute'
  | 'panel/hello'
  | 'panel/dismiss'
  | 'panel/open-record'
  | 'panel/prefilled'
  | 'panel/place'
  | 'call/wrap-up'
  | 'call/wrap-up-status';

// Compile-time: every outbound name exists in the protocol and goes to the worker.
const outboundGoesToWorker: { [N in PanelOutbound]: Protocol[N]['to'] } = {
  'call/accept': 'bg',
  'call/reject': 'bg',
  'call/hangup': 'bg',
  'call/mute': 'bg',
  'panel/hello': 'bg',
  'panel/dismiss': 'bg',
  'panel/open-record': 'bg',
  'panel/prefilled': 'bg',
  'panel/place': 'bg',
  'call/wrap-up': 'bg',
  'call/wrap-up-status': 'bg',
};
void outboundGoesToWorker;

type Args<N extends MessageName> = undefined extends PayloadOf<N> ? [payload?: PayloadOf<N>] : [payload: PayloadOf<N>];

/** The part of runtime the client needs; injected so it runs under vitest. */
export interface PanelRuntime {
  sendMessage(message: unknown): Promise<unknown>;
}

export interface PanelClient {
  send<N extends PanelOutbound>(name: N, ...args: Args<N>): Promise<ResponseOf<N>>;
}

export function createPanelClient(runtime: PanelRuntime): PanelClient {
  return {
    async send(name, ...[payload]) {
      const message: Envelope = { to: 'bg', name, payload };
      return unwrapReply(name, await runtime.sendMessage(message));
    },
  };
}

/** Rebuilds the worker's error on this side, like lib/messages.ts unwrapReply. */
export function unwrapReply<N extends MessageName>(name: N, reply: unknown): ResponseOf<N> {
  if (isRecord(reply) && reply.ok === true) return reply.value as ResponseOf<N>;
  if (isRecord(reply) && reply.ok === false && isRecord(reply.error) && typeof reply.error.message === 'string') {
    const error = new Error(reply.error.message);
    error.name = typeof reply.error.name === 'string' ? reply.error.name : 'Error';
    throw error;
  }
  throw new Error(`${name}: no receiver answered`);
}

/**
 * Answers a runtime message for 'panel/view' (worker -> this tab): accepts only our own extension
 * as sender and only a payload that passes the view check; answers {ok: true}. Returns undefined
 * (no answer) for messages addressed to other contexts. Synchronous, so the caller can hand the
 * reply to `sendResponse` at once (lib/content/native-runtime.ts).
 */
export function viewListener(runtimeId: () => string | undefined, onView: (view: PanelView) => void) {
  return (raw: unknown, sender: MessageSenderLike): Reply | undefined => {
    if (!isRecord(raw) || raw.to !== 'content') return undefined;
    if (raw.name !== 'panel/view') return fail('UnknownMessage', `no handler for ${String(raw.name)}`);
    const id = runtimeId();
    if (id === undefined || sender.id !== id) return fail('ForbiddenSender', 'panel/view is accepted from this extension only');
    const parsed = parsePanelView(raw.payload);
    if (!parsed.ok) return fail('InvalidPayload', `panel/view: ${parsed.error}`);
    try {
      onView(parsed.view);
    } catch (e) {
      return fail(e instanceof Error ? e.name : 'Error', e instanceof Error ? e.message : String(e));
    }
    return { ok: true, value: undefined };
  };
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
