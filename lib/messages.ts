import { z } from 'zod';
import { browser, type Browser } from 'wxt/browser';
import { phoneHostConfigSchema, phoneStateSchema, type PhoneHostConfig, type PhoneState } from '@/lib/phone-host/phone-state';
import type { PanelView } from '@/lib/screen-pop/panel-view';
import type { WrapUp, WrapUpStatus } from '@/lib/history/history-entry';

/**
 * The one message contract between the extension's contexts.
 *
 *   popup ──status/*, call/*──▶ bg ──phone/configure, phone/accept…──▶ offscreen (Chrome)
 *                               bg ◀──phone/state, phone/hello──────── offscreen
 *
 * runtime.sendMessage reaches every extension page and the worker at once, so each
 * message names its target and only that context answers. Payloads are checked with zod
 * by the receiver; errors cross as data and are rethrown at the caller.
 */
export type Target = 'bg' | 'offscreen' | 'content' | 'popup';

/** 'extension': the extension's own pages and worker; 'content': content scripts in web pages. */
export type SenderKind = 'extension' | 'content';

interface MessageDef<T extends Target, P extends z.ZodType, R> {
  to: T;
  payload: P;
  from: readonly SenderKind[];
  /** Phantom: carries the response type only. */
  response: R;
}

function message<R = void>() {
  return <T extends Target, P extends z.ZodType>(to: T, payload: P, from: readonly SenderKind[] = ['extension']) =>
    ({ to, payload, from, response: undefined as R }) satisfies MessageDef<T, P, R>;
}

const none = z.undefined();
const callId = z.object({ callId: z.string().min(1) });
const rejectCall = callId.extend({ code: z.union([z.literal(486), z.literal(603)]).optional() });
const muteCall = callId.extend({ muted: z.boolean() });
const panelPlace = z.object({
  dock: z.enum(['bottom-right', 'bottom-left', 'top-right', 'top-left']),
  dx: z.number().finite().min(0).max(10_000),
  dy: z.number().finite().min(0).max(10_000),
});
const prefilled = callId.extend({ ok: z.boolean(), error: z.string().max(500).optional() });
/** A history entry: by the phone's call id (the panel) or the entry's own id (the popup). */
const entryRef = z.union([z.object({ callId: z.string().min(1).max(256) }), z.object({ entryId: z.string().min(1).max(256) })]);
// Bounds as in lib/history/history-entry.ts (MAX_DISPOSITION_LENGTH, MAX_NOTE_LENGTH).
const wrapUp = z.object({ disposition: z.string().max(64), note: z.string().max(1_000) }).and(entryRef);
/** Call controls are accepted from the popup and from the caller panel in a CRM tab. */
const EITHER = ['extension', 'content'] as const;
const CONTENT = ['content'] as const;

export const protocol = {
  // bg -> page hosting the Phone
  /** The SIP phone and the bridge channel, one object (PhoneHostConfig). */
  'phone/configure': message()('offscreen', phoneHostConfigSchema),
  'phone/accept': message()('offscreen', callId),
  'phone/reject': message()('offscreen', rejectCall),
  'phone/hangup': message()('offscreen', callId),
  'phone/mute': message()('offscreen', muteCall),
  'phone/get-state': message<PhoneState>()('offscreen', none),
  /** The agent dismissed a call's panel: a bridge call is dropped (a SIP call is the phone's: unchanged). */
  'phone/dismiss': message()('offscreen', callId),
  // page hosting the Phone -> bg
  'phone/state': message()('bg', phoneStateSchema),
  /** Sent by a (re)started offscreen document: the answer is the config to run. */
  'phone/hello': message<PhoneHostConfig>()('bg', none),
  // popup -> bg
  'status/get': message<PhoneState>()('bg', none),
  // popup or caller panel -> bg
  'call/accept': message()('bg', callId, EITHER),
  'call/reject': message()('bg', rejectCall, EITHER),
  'call/hangup': message()('bg', callId, EITHER),
  'call/mute': message()('bg', muteCall, EITHER),
  // popup -> bg: the call history (lib/history); the popup reads it from storage itself
  /** The agent looked at the history: missed calls until now leave the badge. */
  'history/seen': message()('bg', none),
  'history/clear': message()('bg', none),
  /** Opens the entry's CRM record again, built from the stored call with the current templates. */
  'history/repop': message()('bg', z.object({ entryId: z.string().min(1).max(256) })),
  'history/retry-webhook': message<WrapUp>()('bg', entryRef),
  // popup or caller panel -> bg: the wrap-up after a call (disposition, note, webhook delivery)
  'call/wrap-up': message<WrapUp>()('bg', wrapUp, EITHER),
  /** The saved wrap-up (if any) and what to offer: the panel asks when it shows a wrap-up. */
  'call/wrap-up-status': message<WrapUpStatus>()('bg', entryRef, EITHER),
  // caller panel (content script in a CRM tab) -> bg; the worker also checks the tab's origin
  /** A panel starting up asks what to show; later changes arrive as 'panel/view'. */
  'panel/hello': message<PanelView>()('bg', none, CONTENT),
  'panel/dismiss': message()('bg', callId, EITHER),
  /** 'Open record' in the wrap-up view (or a notification click): pop the call's record now. */
  'panel/open-record': message()('bg', callId, EITHER),
  'panel/prefilled': message()('bg', prefilled, CONTENT),
  'panel/place': message()('bg', panelPlace, CONTENT),
  // bg -> caller panel. The content script checks this payload itself (a small hand-written check, see
  // lib/screen-pop/panel-view-schema.ts) and never imports this module: it must stay small.
  'panel/view': message()('content', z.custom<PanelView>()),
} as const;

export type Protocol = typeof protocol;
export type MessageName = keyof Protocol;
export type PayloadOf<N extends MessageName> = z.input<Protocol[N]['payload']>;
export type ResponseOf<N extends MessageName> = Protocol[N]['response'];
type PayloadArgs<N extends MessageName> = undefined extends PayloadOf<N> ? [payload?: PayloadOf<N>] : [payload: PayloadOf<N>];

export interface Envelope {
  to: Target;
  name: string;
  payload: unknown;
}
export type Reply = { ok: true; value: unknown } | { ok: false; error: { name: string; message: string } };

export function envelope<N extends MessageName>(name: N, ...[payload]: PayloadArgs<N>): Envelope {
  return { to: protocol[name].to, name, payload };
}

/** Rebuilds the receiver's error on the caller's side. */
export function unwrapReply<N extends MessageName>(name: N, reply: unknown): ResponseOf<N> {
  const parsed = replySchema.safeParse(reply);
  if (!parsed.success) throw new Error(`${name}: no receiver answered`);
  if (parsed.data.ok) return parsed.data.value as ResponseOf<N>;
  const error = new Error(parsed.data.error.message);
  error.name = parsed.data.error.name;
  throw error;
}

export async function sendMessage<N extends MessageName>(name: N, ...args: PayloadArgs<N>): Promise<ResponseOf<N>> {
  return unwrapReply(name, await browser.runtime.sendMessage(envelope(name, ...args)));
}

export async function sendToTab<N extends MessageName>(tabId: number, name: N, ...args: PayloadArgs<N>): Promise<ResponseOf<N>> {
  return unwrapReply(name, await browser.tabs.sendMessage(tabId, envelope(name, ...args)));
}

type NamesFor<T extends Target> = { [N in MessageName]: Protocol[N]['to'] extends T ? N : never }[MessageName];
export type Handlers<T extends Target> = {
  [N in NamesFor<T>]: (payload: z.output<Protocol[N]['payload']>, sender: Browser.runtime.MessageSender) => ResponseOf<N> | Promise<ResponseOf<N>>;
};

/** Whether a sender is one of our pages, one of our content scripts, or a stranger. */
export function senderKind(sender: Browser.runtime.MessageSender, runtimeId: string, extensionOrigin: string): SenderKind | null {
  if (sender.id !== runtimeId || sender.url === undefined) return null;
  if (originOf(sender.url) === extensionOrigin) return 'extension';
  return sender.tab === undefined ? null : 'content';
}

/**
 * Answers the messages addressed to `target`; stays silent (returns undefined) for the rest so
 * the context they are meant for can answer. Returns the unsubscribe function.
 */
export function listen<T extends Target>(target: T, handlers: Handlers<T>): () => void {
  const extensionOrigin = originOf(browser.runtime.getURL('/'));
  const listener = (raw: unknown, sender: Browser.runtime.MessageSender): Promise<Reply> | undefined => {
    const msg = envelopeSchema.safeParse(raw);
    if (!msg.success || msg.data.to !== target) return undefined;
    const name = msg.data.name as NamesFor<T>;
    const def = Object.hasOwn(protocol, name) ? protocol[name] : undefined;
    const handler = Object.hasOwn(handlers, name) ? handlers[name] : undefined;
    if (!def || !handler) return Promise.resolve(fail('UnknownMessage', `no handler for ${msg.data.name}`));
    const kind = senderKind(sender, browser.runtime.id, extensionOrigin);
    if (kind === null || !def.from.includes(kind)) {
      return Promise.resolve(fail('ForbiddenSender', `${name} is not accepted from ${sender.url ?? 'unknown'}`));
    }
    const payload = def.payload.safeParse(msg.data.payload);
    if (!payload.success) return Promise.resolve(fail('InvalidPayload', `${name}: ${z.prettifyError(payload.error)}`));
    const run = handler as (p: unknown, s: Browser.runtime.MessageSender) => unknown;
    return Promise.resolve()
      .then(() => run(payload.data, sender))
      .then((value): Reply => ({ ok: true, value }), (e: unknown) => fail(errorName(e), errorMessage(e)));
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}

// Chrome serialises messages as JSON: a payload of `undefined` arrives as a missing key.
const envelopeSchema = z.object({
  to: z.enum(['bg', 'offscreen', 'content', 'popup']),
  name: z.string(),
  payload: z.unknown().optional(),
});
const replySchema = z.union([
  // Optional for the same reason: a void handler's `value: undefined` arrives as no key at all.
  z.object({ ok: z.literal(true), value: z.unknown().optional() }),
  z.object({ ok: z.literal(false), error: z.object({ name: z.string(), message: z.string() }) }),
]);

function fail(name: string, message: string): Reply {
  return { ok: false, error: { name, message } };
}
function errorName(e: unknown): string {
  return e instanceof Error ? e.name : 'Error';
}
function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
/** URL.origin is "null" for chrome-extension:// in some engines (Node), so build it by hand. */
function originOf(url: string): string {
  try {
    const { protocol, host } = new URL(url);
    return host === '' ? '' : `${protocol}//${host}`;
  } catch {
    return '';
  }
}
