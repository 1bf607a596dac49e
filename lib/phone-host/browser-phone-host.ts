import { createBridgeClient, type BridgeSocketConstructor } from '@/lib/bridge-client';
import { httpProbe, Phone } from '@/lib/phone';
import { listen, sendMessage } from '@/lib/messages';
import { browser } from 'wxt/browser';
import { createHostScreenPop, type HostScreenPop, type PopServices, type ScreenPopSync } from '@/lib/screen-pop/host-screen-pop';
import { greetWorker } from './greet-worker';
import { PHONE_PAGE_PORT, watchPageLife } from './page-life';
import { createLogger, type Logger } from './logger';
import { PhoneHost } from './phone-host';
import { panelPhoneActions } from './panel-phone-actions';
import type { PhoneState } from './phone-state';
import { RemoteAudio } from './remote-audio';
import { AudioDeviceChoice } from './audio-devices';
import { ringtoneSink } from './ringtone-sink';
import { browserRingtone } from './ringtone';
import { webSdhFactory, type IceConfig } from './web-sdh-factory';

/**
 * The real wiring of a PhoneHost in a page that has WebRTC, audio and `window`
 * (the offscreen document in Chrome, the background page in Firefox).
 */
export function createBrowserPhoneHost(onState: (state: PhoneState) => void | Promise<void>): PhoneHost {
  let ice: IceConfig = { iceServers: [], iceTransportPolicy: 'all' };
  const audio = new RemoteAudio(document);
  const ringSink = ringtoneSink(document);
  // Assigned below; the device check reports its note through the host.
  let host: PhoneHost | undefined;
  const devices = new AudioDeviceChoice({
    enumerateDevices: () => navigator.mediaDevices?.enumerateDevices() ?? Promise.resolve([]),
    onOutputs: ({ speakerId, ringtoneId }) => {
      audio.setSinkId(speakerId);
      ringSink.setSinkId(ringtoneId);
    },
    onNote: (note) => host?.setAudioNote(note),
    logger: createLogger('audio-devices'),
  });
  // A headset unplugged mid-call: its audio falls back to the default device, and the note says so.
  navigator.mediaDevices?.addEventListener('devicechange', () => void devices.check());
  const phone = new Phone({
    sessionDescriptionHandlerFactory: webSdhFactory(() => ice, () => devices.microphoneId),
    // Between reconnect tries: keeps the browser's WebSocket throttle out of the way (http-probe.ts).
    probe: httpProbe(),
    logger: createLogger('phone'),
  });
  const ringtone = browserRingtone((ctx) => ringSink.output(ctx));
  // After start-up work, so the first call does not pay for the audio context (see warm()).
  whenIdle(() => ringtone.warm());
  host = new PhoneHost({
    phone,
    // The page is never shown: the attribute is how tests and devtools see the tone's state.
    ringtone: {
      start: (kind) => {
        ringtone.start(kind);
        document.body.dataset['ringtone'] = 'on';
        document.body.dataset['ringtoneKind'] = kind ?? 'ring';
      },
      stop: () => {
        ringtone.stop();
        document.body.dataset['ringtone'] = 'off';
      },
    },
    audio,
    events: window,
    setIce: (next) => {
      ice = next;
    },
    setAudioDevices: (chosen) => devices.configure(chosen),
    onState,
    createBridge: (handlers) =>
      createBridgeClient({
        // The browser's WebSocket takes a list of subprotocols (the token is one, see frames.ts).
        WebSocket: WebSocket as unknown as BridgeSocketConstructor,
        fetch: (url, init) => fetch(url, { ...init, credentials: 'omit', cache: 'no-store' }),
        logger: createLogger('bridge'),
        ...handlers,
      }),
    logger: createLogger('phone-host'),
  });
  return host;
}

/** The worker's side of the screen pop, by message; nothing here waits for more than it must. */
function messagePopServices(logger: Logger): PopServices {
  const quiet = (what: string) => (e: unknown) => logger.debug(`screen pop: ${what} failed`, e);
  return {
    openTab: (url) => sendMessage('screenpop/open-tab', { url }),
    navigateTab: (tabId, url) => sendMessage('screenpop/navigate', { tabId, url }),
    focus: (tabId, windowId) => void sendMessage('screenpop/focus', { tabId, windowId }).catch(quiet('focus')),
    notify: (id, options) => sendMessage('screenpop/notify', { id, options }),
    clearNotice: (id) => sendMessage('screenpop/clear-notice', { id }),
    save: (part) => void sendMessage('screenpop/save', part).catch(quiet('the storage mirror')),
  };
}

/** Asks the worker for the screen pop's settings, memory and tabs until it answers. */
async function greetForScreenPop(pop: HostScreenPop, logger: Logger): Promise<void> {
  for (let wait = 100; ; wait = Math.min(wait * 2, 5_000)) {
    try {
      pop.sync(await sendMessage('screenpop/hello'));
      return;
    } catch (e) {
      logger.debug('screen pop: no answer from the worker yet', e);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

function whenIdle(fn: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(fn, { timeout: 2_000 });
  else setTimeout(fn, 500);
}

/**
 * Answers the background's 'phone/*' messages in the offscreen document. `onConfigure` runs
 * when the worker sends a config, before it is applied.
 */
export function servePhoneHost(host: PhoneHost, pop: HostScreenPop, onConfigure: () => void = () => {}): () => void {
  return listen('offscreen', {
    'phone/screen-pop-sync': (part) => pop.sync(part as ScreenPopSync),
    'phone/notice-clicked': ({ noticeId, button }) => pop.noticeClicked(noticeId, button),
    'phone/take-call': ({ callId, tabId }) => pop.screenPop.takeCall(callId, tabId),
    'phone/open-record': ({ callId, tabId }) => pop.screenPop.openRecord(callId, tabId),
    'phone/configure': (config) => {
      onConfigure();
      return host.configure(config);
    },
    'phone/accept': ({ callId }) => host.accept(callId),
    'phone/reject': ({ callId, code }) => host.reject(callId, code),
    'phone/hangup': ({ callId }) => host.hangup(callId),
    'phone/mute': ({ callId, muted }) => host.setMuted(callId, muted),
    'phone/dial': async ({ number, defaultCountry }) => ({ callId: await host.dial(number, defaultCountry) }),
    'phone/transfer': ({ callId, target }) => host.transfer(callId, target),
    'phone/consult': ({ callId, target }) => host.consult(callId, target),
    'phone/transfer-complete': ({ callId, consultCallId }) => host.completeTransfer(callId, consultCallId),
    'phone/transfer-cancel': ({ callId }) => host.cancelTransfer(callId),
    'phone/hold': ({ callId, held }) => host.hold(callId, held),
    'phone/dtmf': ({ callId, digits }) => host.dtmf(callId, digits),
    'phone/get-state': () => host.getState(),
    'phone/dismiss': async ({ callId }) => {
      await pop.screenPop.dismiss(callId);
      host.dismiss(callId);
    },
    'phone/availability': ({ availability }) => host.setAvailability(availability),
  });
}

/**
 * The offscreen document's start: serve the worker's messages, report every state change to
 * it, and ask it for the config until it answers (see greet-worker.ts).
 */
export function startOffscreenPhone(logger: Logger): PhoneHost {
  // Tells the worker when this page dies with calls in it (see page-life.ts).
  const life = watchPageLife({
    events: window,
    getState: () => host.getState(),
    sendState: (state) => void sendMessage('phone/state', state).catch(() => {}),
    connect: () => browser.runtime.connect({ name: PHONE_PAGE_PORT }),
    now: Date.now,
  });
  // The screen pop runs here, first: the caller goes to the CRM tabs' ports before the worker
  // hears of the call (it mirrors the state for the popup and the badge, off the caller's path).
  // The promise goes back to the host: a bridge call is acked once the screen pop and the worker
  // both have its state.
  const host = createBrowserPhoneHost((state) => {
    life.reported(state);
    const popped = pop.screenPop.onPhoneState(state);
    return Promise.all([popped, sendMessage('phone/state', state)]).then(() => undefined);
  });
  const pop = createHostScreenPop({
    services: messagePopServices(logger),
    onConnect: browser.runtime.onConnect as never,
    extensionId: browser.runtime.id,
    phone: panelPhoneActions(host),
    getPhoneState: () => host.getState(),
    iconUrl: browser.runtime.getURL('/icon/128.png' as never),
    logger: createLogger('screen-pop'),
    // The page is never shown: as for the ringtone, the attributes are how tests and the
    // benchmark see the panels' ports (a leak check after many tabs opened and closed).
    onPortCounts: ({ ports, waiting }) => {
      document.body.dataset['panelPorts'] = String(ports);
      document.body.dataset['panelViewsWaiting'] = String(waiting);
    },
  });
  let configuredByWorker = false;
  servePhoneHost(host, pop, () => {
    configuredByWorker = true;
  });
  void greetForScreenPop(pop, logger);
  void greetWorker({
    hello: () => sendMessage('phone/hello'),
    configure: (config) => host.configure(config),
    configuredByWorker: () => configuredByWorker,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    logger,
  });
  return host;
}
