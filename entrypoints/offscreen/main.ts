import { startOffscreenPhone } from '@/lib/phone-host/browser-phone-host';
import { createLogger } from '@/lib/phone-host/logger';

/**
 * Chrome's offscreen document: the phone's home. It has no storage API, so it asks the
 * worker for its config when it starts (a restarted document reconfigures itself) and
 * reports every state change to the worker, which mirrors it for the popup.
 */
startOffscreenPhone(createLogger('offscreen'));
