import { browser } from 'wxt/browser';
import { envelope } from '@/lib/messages';

/**
 * 'Call back' from the history: `call/dial {number}` to the worker (Phone.dial places it). The
 * reply is read here rather than through sendMessage so that a worker answering UnknownMessage
 * comes back as `unavailable` and the popup can say so clearly instead of showing a raw error.
 */
export type DialResult = { ok: true } | { ok: false; unavailable: boolean; error: string };

export async function dialBack(number: string, send: (message: unknown) => Promise<unknown> = (m) => browser.runtime.sendMessage(m)): Promise<DialResult> {
  let reply: unknown;
  try {
    reply = await send(envelope('call/dial', { number }));
  } catch (e) {
    return { ok: false, unavailable: false, error: e instanceof Error ? e.message : String(e) };
  }
  const r = reply as { ok?: unknown; error?: { name?: unknown; message?: unknown } } | undefined;
  if (r?.ok === true) return { ok: true };
  if (r?.ok === false) {
    const unavailable = r.error?.name === 'UnknownMessage';
    return { ok: false, unavailable, error: typeof r.error?.message === 'string' ? r.error.message : 'Call back failed' };
  }
  return { ok: false, unavailable: true, error: 'No answer from the extension' };
}
