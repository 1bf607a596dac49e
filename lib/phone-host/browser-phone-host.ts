import { Phone } from '@/lib/phone';
import { listen } from '@/lib/messages';
import { createLogger } from './logger';
import { PhoneHost } from './phone-host';
import type { PhoneState } from './phone-state';
import { RemoteAudio } from './remote-audio';
import { browserRingtone } from './ringtone';
import { webSdhFactory, type IceServer } from './web-sdh-factory';

/**
 * The real wiring of a PhoneHost in a page that has WebRTC, audio and `window`
 * (the offscreen document in Chrome, the background page in Firefox).
 */
export function createBrowserPhoneHost(onState: (state: PhoneState) => void): PhoneHost {
  let iceServers: IceServer[] = [];
  const phone = new Phone({
    sessionDescriptionHandlerFactory: webSdhFactory(() => iceServers),
    logger: createLogger('phone'),
  });
  const ringtone = browserRingtone();
  return new PhoneHost({
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
    audio: new RemoteAudio(document),
    events: window,
    setIceServers: (servers) => {
      iceServers = servers;
    },
    onState,
  });
}

/** Answers the background's 'phone/*' messages in the offscreen document. */
export function servePhoneHost(host: PhoneHost): () => void {
  return listen('offscreen', {
    'phone/configure': (config) => host.configure(config),
    'phone/accept': ({ callId }) => host.accept(callId),
    'phone/reject': ({ callId, code }) => host.reject(callId, code),
    'phone/hangup': ({ callId }) => host.hangup(callId),
    'phone/mute': ({ callId, muted }) => host.setMuted(callId, muted),
    'phone/get-state': () => host.getState(),
  });
}
