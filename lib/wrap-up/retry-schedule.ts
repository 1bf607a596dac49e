/**
 * When the disposition webhook is tried again after a failure: soon at first (a CRM that blinked),
 * then further apart, then not at all. Counted from each failure, with ±20 % jitter so a whole
 * call centre whose CRM came back does not retry in step.
 *
 *   try 1 fails -> 5 s -> 30 s -> 2 min -> 10 min -> 30 min -> 1 h -> try 7 fails: given up
 *
 * About 1 h 43 min from first try to giving up; the agent can still press Retry in the history.
 * The wait survives the Chrome worker being stopped: the due time is stored with the wrap-up and
 * an alarm wakes the worker for it (webhook-queue.ts).
 */
export const WEBHOOK_RETRY_DELAYS_MS: readonly number[] = [5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000];
export const WEBHOOK_MAX_ATTEMPTS = WEBHOOK_RETRY_DELAYS_MS.length + 1;
const JITTER = 0.2;

/**
 * Epoch ms of the next try after `attempts` failed tries, or null when that was the last.
 * `random` in [0, 1): 0.5 is no jitter.
 */
export function nextRetryAt(attempts: number, failedAt: number, random: () => number = Math.random): number | null {
  const delay = WEBHOOK_RETRY_DELAYS_MS[attempts - 1];
  if (delay === undefined || attempts < 1) return null;
  return failedAt + Math.round(delay * (1 + JITTER * (2 * random() - 1)));
}
