import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { Browser } from 'wxt/browser';
import { cleanText } from '@/lib/call-notification/clean-text';
import { createHostLink } from '@/lib/content/host-link';
import { protocol, type Reply } from '@/lib/messages';
import { Phone, type CallSnapshot } from '@/lib/phone';
import { startBackgroundRouter } from '@/lib/phone-host/background-router';
import { DEFAULT_SETTINGS } from '@/lib/settings/schema';
import type { HostScreenPop } from '@/lib/screen-pop/host-screen-pop';
import { servePhoneHost } from '@/lib/phone-host/browser-phone-host';
import { PhoneHost } from '@/lib/phone-host/phone-host';
import { inPageLink } from '@/lib/phone-host/phone-link';
import type { PhoneState } from '@/lib/phone-host/phone-state';
import { parsePanelView } from '@/lib/screen-pop/panel-view-schema';
import { mirrorPhoneState } from '@/lib/status/phone-state-store';
import { CRM, fakeTabs, ringing, setupScreenPop } from './screen-pop-fakes';
import { makeRegistration } from './phone-host-fixtures';

const NO_CONFIG = { phone: null, bridge: null, answerInBrowser: true };

/**
 * Every message handler, fed arbitrary messages: the background router (lib/messages `listen`
 * with the router's handlers over a real screen-pop coordinator and a real, unconfigured Phone
 * in a PhoneHost), the phone host's 'offscreen' handlers, the content script's view listener
 * and the view check. Properties, after every run: nothing throws outside a returned error;
 * no prototype of the realm changed; every page the screen pop opened is on the CRM origin;
 * and the next normal call still rings, shows and pops (one unlucky call id used to disable the
 * screen pop for every later call).
 */

const JS_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', '__defineGetter__', 'isPrototypeOf'];
const weirdId = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...JS_NAMES) },
  fc.string({ minLength: 500, maxLength: 500 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', ' ', '\u202E1001', 'call-1', '../../x', 'a'.repeat(300)),
);
const hostileText = fc.oneof(
  fc.constantFrom('..', '.', '../../admin', '//evil.example', '@evil.example', ':8080', 'https://evil.example/', '%2e%2e', '\\evil', '?a=1#x'),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom(...JS_NAMES),
);
/** As the decoder would hand it on: clean text (the schema insists). */
const clean = hostileText.map((s) => cleanText(s).text);
const notification = fc.record({
  number: clean, dialNumber: clean, holdTimeSec: fc.option(fc.nat(600), { nil: null }), callRef: clean, contactRef: clean,
  campaignRef: clean.map((s) => (s === '' ? null : s)), direction: fc.constantFrom('inbound' as const, 'outbound' as const, 'unknown' as const),
  ext: clean, format: fc.constant('sip' as const),
});
const snapshot: fc.Arbitrary<CallSnapshot> = fc
  .record({ id: weirdId, state: fc.constantFrom('ringing' as const, 'active' as const, 'ended' as const), notification, muted: fc.boolean() })
  .map(({ id, state, notification, muted }) => ({
    id, source: 'sip' as const, state, notification, muted, warnings: [], ringingAt: 1_700_000_000_000,
    ...(state !== 'ringing' && { answeredAt: 1_700_000_001_000 }),
    ...(state === 'ended' && { endedAt: 1_700_000_002_000, endReason: 'caller-hung-up' as const }),
  }));
const phoneState: fc.Arbitrary<PhoneState> = fc.array(snapshot, { maxLength: 2 }).map((calls) => ({ registration: makeRegistration(), calls }));

const names = Object.keys(protocol) as (keyof typeof protocol)[];
const payloadFor = (name: string): fc.Arbitrary<unknown> => {
  const junk = fc.anything({ key: fc.oneof(fc.string(), fc.constantFrom(...JS_NAMES)), withNullPrototype: true, maxDepth: 2 });
  switch (name) {
    case 'phone/state':
      return fc.oneof(phoneState, junk);
    case 'phone/configure':
      // A valid config would make the phone dial out: only null or junk here.
      return fc.oneof(fc.constant(null), junk);
    case 'panel/place':
      return fc.oneof(fc.record({ dock: fc.constantFrom('top-left', '__proto__'), dx: fc.double(), dy: fc.double() }), junk);
    default:
      return fc.oneof(
        fc.record(
          { callId: weirdId, code: fc.constantFrom(486, 603, 200), muted: fc.boolean(), ok: fc.boolean(), error: fc.string() },
          { requiredKeys: ['callId'] },
        ),
        junk,
      );
  }
};
const EXT = 'test-extension-id';
const senders = (crmTab: number): fc.Arbitrary<Browser.runtime.MessageSender> =>
  fc.constantFrom<Browser.runtime.MessageSender>(
    { id: EXT, url: `chrome-extension://${EXT}/offscreen.html` },
    { id: EXT, url: `chrome-extension://${EXT}/popup.html` },
    { id: EXT, url: `${CRM}/contacts/1`, tab: { id: crmTab } as Browser.tabs.Tab },
    { id: EXT, url: 'https://evil.example/crm', tab: { id: crmTab } as Browser.tabs.Tab },
    { id: 'another-extension', url: `${CRM}/x`, tab: { id: crmTab } as Browser.tabs.Tab },
    {},
  );
const message = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...names).chain((name) => payloadFor(name).map((payload) => ({ to: protocol[name].to, name, payload }))) },
  { weight: 1, arbitrary: fc.record({ to: fc.constantFrom('bg', 'offscreen', 'content', 'popup', '__proto__'), name: fc.oneof(fc.constantFrom(...JS_NAMES), fc.string()), payload: fc.anything() }) },
  { weight: 1, arbitrary: fc.anything({ key: fc.constantFrom(...JS_NAMES, 'to', 'name', 'payload') }) },
);
/** A message and the index of its sender (senders()); a phone state comes from the phone's page (0). */
const sent = fc.oneof(
  { weight: 3, arbitrary: phoneState.map((payload) => [{ to: 'bg', name: 'phone/state', payload }, 0] as const) },
  { weight: 5, arbitrary: fc.tuple(message, fc.nat(5)) },
);

const PROTOTYPES = { Object: Object.prototype, Array: Array.prototype, Function: Function.prototype, String: String.prototype };
/** Own properties (and their values) of the realm's prototypes, to see any change. */
function prototypes(): Map<string, { proto: object; key: string | symbol; value: unknown }> {
  const seen = new Map<string, { proto: object; key: string | symbol; value: unknown }>();
  for (const [label, proto] of Object.entries(PROTOTYPES)) {
    for (const key of Reflect.ownKeys(proto)) seen.set(`${label}.${String(key)}`, { proto, key, value: Object.getOwnPropertyDescriptor(proto, key)?.value });
  }
  return seen;
}
const before = prototypes();
/**
 * Fails on any change to a prototype, after undoing it: a polluted prototype would otherwise fail
 * every later run too, and fast-check would shrink to a run that did nothing wrong.
 */
function expectPrototypesUntouched(): void {
  const changed: string[] = [];
  for (const [name, now] of prototypes()) {
    const was = before.get(name);
    if (was === undefined) {
      changed.push(`${name} added`);
      Reflect.deleteProperty(now.proto, now.key);
    } else if (was.value !== now.value) {
      changed.push(`${name} changed`);
      Reflect.set(now.proto, now.key, was.value);
    }
  }
  expect(changed).toEqual([]);
}

function expectReply(reply: unknown): void {
  if (reply === undefined) return;
  const r = reply as Reply;
  if (r.ok) return;
  expect(r).toMatchObject({ ok: false, error: { name: expect.any(String), message: expect.any(String) } });
}

/** The background and the phone host wired as in the browser, over fakes of the browser only. */
function wire() {
  fakeBrowser.reset();
  const tabs = fakeTabs();
  const crmTab = tabs.open(`${CRM}/home`);
  const w = setupScreenPop({ tabs });
  const phone = new Phone();
  const host = new PhoneHost({
    phone,
    ringtone: { start() {}, stop() {} },
    audio: { attach() {}, detach() {}, detachAll() {} },
    events: { addEventListener() {}, removeEventListener() {} },
    setIce() {},
    onState() {},
  });
  const link = inPageLink(host, async () => NO_CONFIG);
  const mirror = async (state: PhoneState) => {
    const popped = w.screenPop.onPhoneState(state);
    await mirrorPhoneState(state, { button: fakeBrowser.action, now: () => 0, logger: w.logger });
    await popped;
  };
  // The worker's services for the host's screen pop: fakes that touch no tab (the coordinator here
  // pops through the fake tabs directly); only extension pages may ask for them (lib/messages).
  const popServices = {
    openTab: async () => ({ active: true }),
    navigateTab: async () => undefined,
    focus() {},
    notify: async (id: string) => id,
    clearNotice: async () => true,
    save() {},
  };
  const stopRouter = startBackgroundRouter({
    link,
    loadConfig: async () => NO_CONFIG,
    watchSettings: () => () => {},
    mirror,
    saveAvailability: async () => {},
    screenPop: w.screenPop,
    popServices,
    screenPopHello: async () => ({}),
    logger: w.logger,
    loadDialSettings: async () => DEFAULT_SETTINGS,
  });
  const pop = { screenPop: w.screenPop, sync() {}, noticeClicked() {} } as unknown as HostScreenPop;
  const stopHost = servePhoneHost(host, pop);
  const stop = () => {
    stopRouter();
    stopHost();
    w.screenPop.stop();
  };
  return { w, tabs, crmTab, stop };
}

function openedUrls(tabs: ReturnType<typeof fakeTabs>): string[] {
  return [...tabs.api.update.mock.calls.map((c) => c[1].url), ...tabs.api.create.mock.calls.map((c) => c[0].url)];
}

let wired: ReturnType<typeof wire> | undefined;
afterEach(() => {
  wired?.stop();
  wired = undefined;
});
beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});

describe('every message handler, with arbitrary payloads and call ids', () => {
  it('the background router and the phone host: errors only as replies, no prototype touched, no URL off the CRM, the next call pops', async () => {
    let normal = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(sent, { minLength: 1, maxLength: 3 }), async (sequence) => {
        wired?.stop();
        wired = wire();
        const { tabs, crmTab, w } = wired;
        const sendersOf = fc.sample(senders(crmTab), { numRuns: 6, seed: 1 });
        for (const [msg, senderIndex] of sequence) {
          const replies = await fakeBrowser.runtime.onMessage.trigger(msg, sendersOf[senderIndex]!);
          for (const reply of replies) expectReply(reply);
          expectPrototypesUntouched();
        }
        for (const url of openedUrls(tabs)) expect(new URL(url).origin).toBe(CRM);

        // The next normal call, reported by the phone's page, rings, shows and pops its record.
        const id = `normal-${++normal}`;
        const before = tabs.api.update.mock.calls.length + tabs.api.create.mock.calls.length;
        const call = ringing({ id, notification: { ...ringing().notification, contactRef: `ACC-${normal}` } });
        const sender = { id: EXT, url: `chrome-extension://${EXT}/offscreen.html` };
        const [reply] = (await fakeBrowser.runtime.onMessage.trigger({ to: 'bg', name: 'phone/state', payload: { registration: makeRegistration(), calls: [call] } }, sender)).filter(Boolean);
        expect(reply).toEqual({ ok: true, value: undefined });
        const opened = openedUrls(tabs).slice(before);
        expect(opened).toEqual([`${CRM}/contacts/ACC-${normal}`]);
        const view = await w.screenPop.hello(crmTab);
        expect(view.calls.map((c) => [c.id, c.popped])).toEqual([[id, true]]);
        expectPrototypesUntouched();
      }),
      { numRuns: 60 },
    );
  });

  it("the content script's port to the phone's page: any message, never a throw; onView only with a checked view", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            message,
            fc.record({ t: fc.constantFrom('view', 'navigate', 'reply', 'refused', '__proto__'), seq: fc.oneof(fc.nat(), fc.anything()), id: fc.anything(), url: fc.anything(), view: fc.anything({ key: fc.constantFrom(...JS_NAMES, 'calls', 'id', 'prefill', 'place') }) }),
          ),
          { maxLength: 5 },
        ),
        (raws) => {
          const onView = vi.fn();
          const listeners: ((m: unknown) => void)[] = [];
          createHostLink({
            connect: () => ({ postMessage() {}, disconnect() {}, onMessage: { addListener: (cb) => listeners.push(cb) }, onDisconnect: { addListener() {} } }),
            onView,
            onNavigate() {},
            onRefused() {},
            onHostGone() {},
            onDead() {},
            warn() {},
            setTimeout: () => 0,
            clearTimeout() {},
          });
          for (const raw of raws) for (const cb of listeners) cb(raw);
          for (const [view] of onView.mock.calls) expect(parsePanelView(view).ok).toBe(true);
          expectPrototypesUntouched();
        },
      ),
      { numRuns: 500 },
    );
  });

  it('the view check: never throws, keeps calls whatever their id spells, changes no prototype', () => {
    const view = fc.record({
      calls: fc.array(fc.oneof(fc.anything(), weirdId.map((id) => ({ ...ringingPanelCall, id }))), { maxLength: 5 }),
      prefill: fc.oneof(fc.constant(null), fc.anything()),
      place: fc.oneof(fc.constant({ dock: 'top-left', dx: 0, dy: 0 }), fc.anything()),
    });
    fc.assert(
      fc.property(fc.oneof(view, fc.anything()), (raw) => {
        const result = parsePanelView(structuredClone(raw));
        if (result.ok) for (const c of result.view.calls) expect(typeof c.id).toBe('string');
        expectPrototypesUntouched();
      }),
      { numRuns: 500 },
    );
  });
});

const ringingPanelCall = {
  state: 'ringing', notification: ringing().notification, ringingAt: 1, muted: false,
  record: { ok: true, url: `${CRM}/contacts/1`, kind: 'record' }, popped: false, role: 'panel',
};
