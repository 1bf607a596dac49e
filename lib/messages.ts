import { z } from 'zod';
import { browser, type Browser } from 'wxt/browser';
import { availabilitySchema, phoneHostConfigSchema, phoneStateSchema, type PhoneHostConfig, type PhoneState } from '@/lib/phone-host/phone-state';
import type { PanelView } from '@/lib/screen-pop/panel-view';
import { screenPopSettingsSchema } from '@/lib/screen-pop/screen-pop-settings';
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
const holdCall = callId.extend({ held: z.boolean() });
/** Keypad digits: the same rule as lib/phone/dtmf.ts (RFC 4733 events 0-15). */
const dtmfCall = callId.extend({ digits: z.string().regex(/^[0-9*#A-D]{1,32}$/, 'digits: 1 to 32 of 0-9 * # A-D') });
const panelPlace = z.object({
  dock: z.enum(['bottom-right', 'bottom-left', 'top-right', 'top-left']),
  dx: z.number().finite().min(0).max(10_000),
  dy: z.number().finite().min(0).max(10_000),
});
/**
 * What the agent asks to dial (popup dial pad, a click-to-dial button): any short text. The phone's
 * page normalises it with the default country (lib/dial/normalize-number.ts: libphonenumber-js
 * lives there, not in the worker) and the Phone accepts E.164 or an extension only (dial-target.ts).
 */
const dialRequest = z.object({ number: z.string().trim().min(1).max(64) });
const dialTarget = dialRequest.extend({ defaultCountry: z.string().regex(/^[A-Z]{2}$/).optional() });
const dialed = z.object({ callId: z.string() });
/** What the agent typed: lib/phone/transfer-target.ts checks it properly in the phone's page. */
const transferCall = callId.extend({ target: z.string().min(1).max(256) });
const completeTransfer = callId.extend({ consultCallId: z.string().min(1).max(256) });
const availability = z.object({ availability: availabilitySchema });
const prefilled = callId.extend({ ok: z.boolean(), error: z.string().max(500).optional() });
const pickerResult = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('picked'), selector: z.string().max(512), origin: z.string().max(300) }),
  z.object({ outcome: z.literal('cancelled') }),
  z.object({ outcome: z.literal('failed'), error: z.string().max(500) }),
]);
export type PickerResult = z.infer<typeof pickerResult>;
export interface PickerStarted {
  origin: string;
}
export interface PickerFilled {
  origin: string;
  value: string;
}
/** A history entry: by the phone's call id (the panel) or the entry's own id (the popup). */
const entryRef = z.union([z.object({ callId: z.string().min(1).max(256) }), z.object({ entryId: z.string().min(1).max(256) })]);
// Bounds as in lib/history/history-entry.ts (MAX_DISPOSITION_LENGTH, MAX_NOTE_LENGTH).
const wrapUp = z.object({ disposition: z.string().max(64), note: z.string().max(1_000) }).and(entryRef);
/** Call controls are accepted from the popup and from the caller panel in a CRM tab. */
const EITHER = ['extension', 'content'] as const;
const CONTENT = ['content'] as const;

/** The caller panel's port-only actions (lib/screen-pop/panel-port.ts), checked by the host with these. */
export const panelPortPayloads = { 'panel/prefilled': prefilled, 'panel/place': panelPlace } as const;

const tabInfo = z.object({
  id: z.number().int().optional(),
  url: z.string().max(8_192).optional(),
  pendingUrl: z.string().max(8_192).optional(),
  status: z.string().max(32).optional(),
  windowId: z.number().int().optional(),
  active: z.boolean(),
  lastAccessed: z.number().optional(),
});
/** Worker -> host (the phone's page): what its screen pop needs from storage and the tabs API. */
const screenPopSync = z.object({
  settings: screenPopSettingsSchema.optional(),
  // Checked entry by entry by readMemory (pop-memory.ts).
  memory: z.unknown().optional(),
  place: panelPlace.optional(),
  popTimes: z.array(z.number()).max(100).optional(),
  tabs: z.array(tabInfo).max(2_000).optional(),
  focusedWindowId: z.number().int().optional(),
});
const noticeOptions = z.object({
  type: z.literal('basic'),
  iconUrl: z.string().max(2_048),
  title: z.string().max(1_000),
  message: z.string().max(5_000),
  buttons: z.array(z.object({ title: z.string().max(100) })).max(2).optional(),
  requireInteraction: z.boolean().optional(),
});
const tabAndUrl = z.object({ tabId: z.number().int(), url: z.string().max(8_192) });

export const protocol = {
  // bg -> page hosting the Phone
  /** The SIP phone and the bridge channel, one object (PhoneHostConfig). */
  'phone/configure': message()('offscreen', phoneHostConfigSchema),
  'phone/accept': message()('offscreen', callId),
  'phone/reject': message()('offscreen', rejectCall),
  'phone/hangup': message()('offscreen', callId),
  'phone/mute': message()('offscreen', muteCall),
  /** Places an outbound call; answers its id once the INVITE is sent. */
  'phone/dial': message<z.infer<typeof dialed>>()('offscreen', dialTarget),
  'phone/hold': message()('offscreen', holdCall),
  'phone/dtmf': message()('offscreen', dtmfCall),
  'phone/get-state': message<PhoneState>()('offscreen', none),
  /** Blind transfer (REFER); the outcome arrives in the call's `transfer` (phone/state). */
  'phone/transfer': message()('offscreen', transferCall),
  /** Attended transfer: hold the call and call the target. */
  'phone/consult': message<{ consultCallId: string }>()('offscreen', transferCall),
  'phone/transfer-complete': message()('offscreen', completeTransfer),
  /** Attended only: hang up the consult call, take the caller off hold. */
  'phone/transfer-cancel': message()('offscreen', callId),
  /** The agent dismissed a call's panel: a bridge call is dropped (a SIP call is the phone's: unchanged). */
  'phone/dismiss': message()('offscreen', callId),
  /** Settings, open tabs and pop-time changes for the host's screen pop (lib/screen-pop/host-screen-pop.ts). */
  'phone/screen-pop-sync': message()('offscreen', screenPopSync),
  /** A click on a call's notification (`button` for Answer/Decline), handled by the host's screen pop. */
  'phone/notice-clicked': message()('offscreen', z.object({ noticeId: z.string().max(512), button: z.number().int().optional() })),
  /** The agent answered from a strip/panel whose action came by the worker: that tab takes the call. */
  'phone/take-call': message()('offscreen', callId.extend({ tabId: z.number().int() })),
  /** 'Open record' from the popup (or a panel without its port): pop now, into `tabId` if given. */
  'phone/open-record': message()('offscreen', callId.extend({ tabId: z.number().int().optional() })),
  /** The agent's availability (lib/phone/availability.ts), already stored by the worker. */
  'phone/availability': message()('offscreen', availability),
  // page hosting the Phone -> bg
  /** The host's screen pop starting: everything of ScreenPopSync, from storage and the tabs API. */
  'screenpop/hello': message<z.infer<typeof screenPopSync>>()('bg', none),
  /** What only the worker can do for the host's screen pop, off the caller's path. */
  'screenpop/open-tab': message<z.infer<typeof tabInfo>>()('bg', z.object({ url: z.string().max(8_192) })),
  'screenpop/navigate': message<z.infer<typeof tabInfo> | undefined>()('bg', tabAndUrl),
  'screenpop/focus': message()('bg', z.object({ tabId: z.number().int().optional(), windowId: z.number().int().optional() })),
  'screenpop/notify': message<string>()('bg', z.object({ id: z.string().max(512), options: noticeOptions })),
  'screenpop/clear-notice': message<boolean>()('bg', z.object({ id: z.string().max(512) })),
  /** The host's memory, panel place and pop times, mirrored to storage for a restarted host. */
  'screenpop/save': message()('bg', screenPopSync.pick({ memory: true, place: true, popTimes: true })),
  'phone/state': message()('bg', phoneStateSchema),
  /** Sent by a (re)started offscreen document: the answer is the config to run. */
  'phone/hello': message<PhoneHostConfig>()('bg', none),
  // popup -> bg
  'status/get': message<PhoneState>()('bg', none),
  /** Available / Do not disturb / Offline, from the popup: stored (kept across restarts), then applied. */
  'status/availability': message()('bg', availability),
  // popup or caller panel -> bg
  'call/accept': message()('bg', callId, EITHER),
  'call/reject': message()('bg', rejectCall, EITHER),
  'call/hangup': message()('bg', callId, EITHER),
  'call/mute': message()('bg', muteCall, EITHER),
  /** From a CRM tab (click-to-dial) that tab shows the outbound call's panel. */
  'call/dial': message<z.infer<typeof dialed>>()('bg', dialRequest, EITHER),
  /** The click-to-dial script asks whether it runs on its page, and with which default country. */
  'dial/hello': message<ClickToDialConfig>()('bg', none, CONTENT),
  'call/transfer': message()('bg', transferCall, EITHER),
  'call/consult': message<{ consultCallId: string }>()('bg', transferCall, EITHER),
  'call/transfer-complete': message()('bg', completeTransfer, EITHER),
  'call/transfer-cancel': message()('bg', callId, EITHER),
  /** Hold (`held`) or resume; answered once the far end accepted the re-INVITE, an error if it refused. */
  'call/hold': message()('bg', holdCall, EITHER),
  'call/dtmf': message()('bg', dtmfCall, EITHER),
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
  // popup or caller panel -> bg; the worker also checks a content script's tab origin. The caller
  // panel sends these (and its hello, prefill and place) down its port to the phone's page first
  // (lib/screen-pop/panel-port.ts, same payloads); this route is the popup's, and the panel's
  // while its port is down.
  'panel/dismiss': message()('bg', callId, EITHER),
  /** 'Open record' in the wrap-up view (or a notification click): pop the call's record now. */
  'panel/open-record': message()('bg', callId, EITHER),
  // bg -> caller panel. The content script checks this payload itself (a small hand-written check, see
  // lib/screen-pop/panel-view-schema.ts) and never imports this module: it must stay small.
  'panel/view': message()('content', z.custom<PanelView>()),
  // Lookup-field picker (lib/picker/): settings page -> bg -> the CRM tab (scripting.executeScript),
  // and the injected picker -> bg. The worker also checks the picker's tab, frame and origin.
  /** Highlights the fields in the most recent CRM tab; answers which CRM origin. */
  'picker/start': message<PickerStarted>()('bg', none),
  'picker/stop': message()('bg', none),
  /** Fills a sample number into the field `selector` finds in the CRM tab (nothing submitted). */
  'picker/test-fill': message<PickerFilled>()('bg', z.object({ selector: z.string().min(1).max(512) })),
  /** The agent clicked a field: the worker saves the selector as the lookup field. */
  'picker/picked': message<{ selector: string }>()('bg', z.object({ selector: z.string().min(1).max(512) }), CONTENT),
  /** Escape in the CRM tab. */
  'picker/cancelled': message()('bg', none, CONTENT),
  /** bg -> the settings pages: how a pick ended. */
  'picker/result': message()('popup', pickerResult),
} as const;

/** The click-to-dial content script's whole config (no setting beyond these reaches the page). */
export interface ClickToDialConfig {
  enabled: boolean;
  /** ISO 3166-1 alpha-2, for numbers written without a country code. */
  defaultCountry: string;
}

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
