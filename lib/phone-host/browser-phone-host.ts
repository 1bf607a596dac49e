import { createBridgeClient, type BridgeSocketConstructor } from '@/lib/bridge-client';
import { httpProbe, Phone } from '@/lib/phone';
import { listen, sendMessage } from '@/lib/messages';
import { browser } from 'wxt/browser';
import { greetWorker } from './greet-worker';
import { PHONE_PAGE_PORT, watchPageLife } from './page-life';
import { createLogger, type Logger } from './logger';
import { PhoneHost } from './phone-host';
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
      start: () => {
        ringtone.start();
        document.body.dataset['ringtone'] = 'on';
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

function whenIdle(fn: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(fn, { timeout: 2_000 });
  else setTimeout(fn, 500);
}

/**
 * Answers the background's 'phone/*' messages in the offscreen document. `onConfigure` runs
 * when the worker sends a config, before it is applied.
 */
export function servePhoneHost(host: PhoneHost, onConfigure: () => void = () => {}): () => void {
  return listen('offscreen', {
    'phone/configure': (config) => {
      onConfigure();
      return host.configure(config);
    },
    'phone/accept': ({ callId }) => host.accept(callId),
    'phone/reject': ({ callId, code }) => host.reject(callId, code),
    'phone/hangup': ({ callId }) => host.hangup(callId),
    'phone/mute': ({ callId, muted }) => host.setMuted(callId, muted),
    'phone/get-state': () => host.getState(),
    'phone/dismiss': ({ callId }) => host.dismiss(callId),
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
  // The promise goes back to the host: a bridge call is acked only once the worker took its state.
  const host = createBrowserPhoneHost((state) => {
    life.reported(state);
    return sendMessage('phone/state', state);
  });
  let configuredByWorker = false;
  servePhoneHost(host, () => {
    configuredByWorker = true;
  });
  void greetWorker({
    hello: () => sendMessage('phone/hello'),
    configure: (config) => host.configure(config),
    configuredByWorker: () => configuredByWorker,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    logger,
  });
  return host;
}
