import { z } from 'zod';
import { callNotificationSchema, type CallNotification } from '@/lib/call-notification';
import {
  EMPTY_HISTORY,
  HISTORY_OUTCOMES,
  MAX_DETAIL_LENGTH,
  MAX_DISPOSITION_LENGTH,
  MAX_ENTRIES,
  MAX_NOTE_LENGTH,
  type HistoryData,
  type HistoryEntry,
} from './history-entry';

/**
 * The stored history is read back through this check: storage.local is ours, but Firefox lets
 * content scripts write it (no setAccessLevel, bug 1724754) and a damaged value must not break
 * the worker. A bad entry is dropped, not the whole history.
 */
const time = z.number().finite().nonnegative();
const webhookSchema = z.object({
  state: z.enum(['pending', 'sent', 'failed']),
  attempts: z.number().int().nonnegative().max(1_000),
  nextAt: time.optional(),
  lastError: z.string().max(512).optional(),
  sentAt: time.optional(),
});
const wrapUpSchema = z.object({
  disposition: z.string().max(MAX_DISPOSITION_LENGTH),
  note: z.string().max(MAX_NOTE_LENGTH),
  savedAt: time,
  webhook: webhookSchema.optional(),
});
const entrySchema: z.ZodType<HistoryEntry> = z.object({
  id: z.string().min(1).max(256),
  callId: z.string().min(1).max(256),
  source: z.enum(['sip', 'bridge']),
  direction: z.enum(['inbound', 'outbound', 'unknown']),
  notification: callNotificationSchema as z.ZodType<CallNotification>,
  outcome: z.enum(HISTORY_OUTCOMES as [HistoryEntry['outcome'] & string, ...string[]]).nullable() as z.ZodType<HistoryEntry['outcome']>,
  detail: z.string().max(MAX_DETAIL_LENGTH).optional(),
  startedAt: time,
  answeredAt: time.optional(),
  endedAt: time.optional(),
  wrapUp: wrapUpSchema.optional(),
});

export function parseHistory(raw: unknown): HistoryData {
  if (typeof raw !== 'object' || raw === null) return EMPTY_HISTORY;
  const { entries, seenAt } = raw as { entries?: unknown; seenAt?: unknown };
  const list = Array.isArray(entries) ? entries.slice(0, MAX_ENTRIES) : [];
  return {
    entries: list.flatMap((item) => {
      const parsed = entrySchema.safeParse(item);
      return parsed.success ? [parsed.data] : [];
    }),
    seenAt: typeof seenAt === 'number' && Number.isFinite(seenAt) ? seenAt : 0,
  };
}
