import type { WebhookDelivery } from '@/lib/history/history-entry';
import { nextRetryAt } from './retry-schedule';
import type { WebhookRequest } from './webhook-request';

/** The browser parts a webhook try needs, injected so the retry logic runs under vitest. */
export interface WebhookTransport {
  fetch(url: string, init: WebhookRequest['init'] & { signal: AbortSignal }): Promise<{ ok: boolean; status: number }>;
  /** Whether the extension holds the host permission for the URL's origin (else the browser refuses the request). */
  hasAccess(url: string): Promise<boolean>;
}

export type AttemptResult = { ok: true } | { ok: false; error: string };

export const WEBHOOK_TIMEOUT_MS = 10_000;

/** One try. Never throws; the error says what the agent can act on and never carries the token. */
export async function tryWebhook(request: WebhookRequest, transport: WebhookTransport, timeoutMs = WEBHOOK_TIMEOUT_MS): Promise<AttemptResult> {
  const origin = new URL(request.url).origin;
  if (!(await transport.hasAccess(request.url).catch(() => false))) {
    return { ok: false, error: `No access to ${origin}: allow it in the wrap-up settings` };
  }
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    const response = await transport.fetch(request.url, { ...request.init, signal: abort.signal });
    return response.ok ? { ok: true } : { ok: false, error: `${origin} answered HTTP ${response.status}` };
  } catch {
    // The browser's error text says nothing more useful ("Failed to fetch").
    return { ok: false, error: abort.signal.aborted ? `${origin} did not answer within ${timeoutMs / 1000} s` : `Could not reach ${origin}` };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The delivery after a try: sent, or pending again at the next retry time, or failed for good
 * once the schedule is used up (retry-schedule.ts).
 */
export function afterAttempt(delivery: WebhookDelivery, result: AttemptResult, now: number, random?: () => number): WebhookDelivery {
  const attempts = delivery.attempts + 1;
  if (result.ok) return { state: 'sent', attempts, sentAt: now };
  const nextAt = nextRetryAt(attempts, now, random);
  return nextAt === null
    ? { state: 'failed', attempts, lastError: result.error }
    : { state: 'pending', attempts, nextAt, lastError: result.error };
}
