import { browser } from 'wxt/browser';
import { envelope, type Reply } from '@/lib/messages';

/**
 * `call/dial {number}` to the worker (lib/messages.ts contract: answers `{callId}`). A worker
 * that answers `UnknownMessage` (an older extension part, a policy-built variant) is shown by the
 * dial pad as "not available" rather than as an error, which is why the reply is read here
 * instead of through sendMessage.
 */
export class DialUnavailableError extends Error {
  override name = 'DialUnavailableError';
}

export async function sendDial(number: string): Promise<{ callId?: string }> {
  const reply = (await browser.runtime.sendMessage(envelope('call/dial', { number }))) as Reply | undefined;
  if (!reply || typeof reply !== 'object') throw new DialUnavailableError('no receiver answered');
  if (reply.ok) return (reply.value ?? {}) as { callId?: string };
  if (reply.error.name === 'UnknownMessage') throw new DialUnavailableError(reply.error.message);
  const error = new Error(reply.error.message);
  error.name = reply.error.name;
  throw error;
}

/** What the agent typed, as a dialable string: spaces, dashes, dots and brackets dropped; null when not a number. */
export function dialableNumber(typed: string): string | null {
  const compact = typed.replace(/[\s\-().]/g, '');
  return /^\+?[0-9*#]{1,32}$/.test(compact) ? compact : null;
}
