import type { Inbox } from './inbox';
import { errorText, type Logger } from './logger';
import type { BridgeMetrics } from './metrics';

/**
 * Trims every inbox to BRIDGE_PARK_SECONDS: what is removed expired unacked and is counted as
 * missed (by the instance whose trim removed it, so N instances sweeping never count one twice).
 * Inboxes left empty are dropped from the sweep list.
 */
export function createSweeper(deps: { inbox: Inbox; metrics: BridgeMetrics; log: Logger; now: () => number; parkSeconds: number }) {
  const { inbox, metrics, log } = deps;
  return {
    async sweep(): Promise<number> {
      let missed = 0;
      try {
        const cutoff = deps.now() - deps.parkSeconds * 1000;
        for (const { ext, lastParkMs } of await inbox.listInboxes()) {
          const { removed, left } = await inbox.trim(ext, cutoff);
          if (removed > 0) {
            missed += removed;
            metrics.missed.inc(removed);
            log.info('missed: expired before an ack', { ext, count: removed });
          }
          if (left === 0 && lastParkMs < cutoff) await inbox.forgetInbox(ext, lastParkMs);
        }
      } catch (error) {
        log.warn('sweep failed', { error: errorText(error) });
      }
      return missed;
    },
  };
}
