import type { PhoneConfig } from '@/lib/phone';
import { listen } from '@/lib/messages';
import type { PhoneLink } from './phone-link';
import type { PhoneState } from './phone-state';
import type { Logger } from './logger';

/**
 * The background's whole job: route. It keeps no state of its own (the Chrome worker is
 * killed when idle), so everything it needs is read again on each wake:
 * - the config from settings storage, sent to the phone when settings change or the phone
 *   page asks for it ('phone/hello' from a freshly started offscreen document);
 * - the phone state, mirrored into storage + badge whenever the phone reports it.
 */
export interface RouterDeps {
  link: PhoneLink;
  loadConfig: () => Promise<PhoneConfig | null>;
  /** Calls back on every settings change; the router re-reads the validated config itself. */
  watchSettings: (onChange: () => void) => () => void;
  mirror: (state: PhoneState) => Promise<void>;
  logger: Logger;
}

export function startBackgroundRouter(deps: RouterDeps): () => void {
  const { link, logger } = deps;
  const reconfigure = async (): Promise<void> => {
    try {
      await link.configure(await deps.loadConfig());
    } catch (e) {
      logger.error('could not configure the phone', e);
    }
  };
  const stopListening = listen('bg', {
    'phone/state': (state) => deps.mirror(state),
    'phone/hello': () => deps.loadConfig(),
    'status/get': async () => {
      const state = await link.getState();
      await deps.mirror(state);
      return state;
    },
    'call/accept': ({ callId }) => link.accept(callId),
    'call/reject': ({ callId, code }) => link.reject(callId, code),
    'call/hangup': ({ callId }) => link.hangup(callId),
    'call/mute': ({ callId, muted }) => link.mute(callId, muted),
  });
  const stopWatching = deps.watchSettings(() => void reconfigure());
  return () => {
    stopListening();
    stopWatching();
  };
}
