import { sendMessage } from '@/lib/messages';
import { createBrowserPhoneHost, servePhoneHost } from '@/lib/phone-host/browser-phone-host';
import { createLogger } from '@/lib/phone-host/logger';

/**
 * Chrome's offscreen document: the phone's home. It has no storage API, so it asks the
 * worker for its config when it starts (a restarted document reconfigures itself) and
 * reports every state change to the worker, which mirrors it for the popup.
 */
const logger = createLogger('offscreen');
const host = createBrowserPhoneHost((state) => {
  sendMessage('phone/state', state).catch((e: unknown) => logger.warn('could not report state', e));
});
servePhoneHost(host);

sendMessage('phone/hello')
  .then((config) => host.configure(config))
  .catch((e: unknown) => logger.error('could not start the phone', e));
