import type { PhoneState } from '@/lib/phone-host/phone-state';
import type { Logger } from '@/lib/phone-host/logger';
import type { Settings } from '@/lib/settings/schema';
import { serialQueue } from '@/lib/screen-pop/serial-queue';
import { afterAttempt, tryWebhook, type WebhookTransport } from '@/lib/wrap-up/webhook-delivery';
import { webhookRequest } from '@/lib/wrap-up/webhook-request';
import { unseenMissed, type HistoryData, type HistoryEntry, type WrapUp } from './history-entry';
import type { HistoryStore } from './history-store';
import { recordPhoneState } from './record-calls';
import { applyRetention } from './retention';
import { checkWrapUp } from './wrap-up-input';

/**
 * The worker's call history: the only writer of the stored history (history-store.ts). Fed with
 * every phone state the worker receives, it keeps one entry per call, the agent's wrap-ups, and
 * the disposition webhook's deliveries with their retries.
 *
 *   phone/state ──▶ onPhoneState ──▶ [queue] ──▶ entries (record-calls.ts), retention, badge count
 *   call/wrap-up ──▶ saveWrapUp ──▶ [queue] ──▶ entry.wrapUp, webhook pending ──▶ runDueWebhooks
 *   alarm / timer / worker start ──▶ runDueWebhooks ──▶ try (outside the queue) ──▶ [queue] result
 *
 * A webhook try runs outside the queue (it may take up to its timeout): phone states are not held
 * up behind a slow CRM. The due time of each retry is stored with the wrap-up, so a stopped worker
 * picks it up when the alarm (or anything else) wakes it.
 */
export type HistorySettings = Pick<
  Settings,
  'historyDays' | 'historyMaxCalls' | 'dispositions' | 'wrapUpWebhookUrl' | 'wrapUpWebhookToken'
>;

export interface CallHistoryDeps {
  store: HistoryStore;
  loadSettings: () => Promise<HistorySettings>;
  now: () => number;
  newId: () => string;
  random?: () => number;
  transport: WebhookTransport;
  /** Wake the worker at `at` for the next due webhook try, or cancel (null). */
  wakeAt: (at: number | null) => void;
  /**
   * The badge's missed-call count changed without a phone state (seen, cleared). A phone state's
   * count goes to the badge with that state (the worker's mirror asks unseenMissed): updating it
   * from here too would race the mirror with an older state.
   */
  onMissedChange?: (count: number) => void;
  logger: Logger;
}

/** Which entry a wrap-up is for: the panel knows the call, the popup the entry. */
export type EntryRef = { callId: string } | { entryId: string };

export interface CallHistory {
  onPhoneState(state: Pick<PhoneState, 'calls'>): Promise<void>;
  read(): Promise<HistoryData>;
  find(ref: EntryRef): Promise<HistoryEntry | undefined>;
  unseenMissed(): Promise<number>;
  markSeen(): Promise<void>;
  /** Drops every entry but live calls and wrap-ups whose webhook is still to be delivered. */
  clear(): Promise<void>;
  /** Saves the wrap-up; with a webhook set, resolves after its first try. */
  saveWrapUp(ref: EntryRef, disposition: string, note: string): Promise<WrapUp>;
  /** Tries a failed (or waiting) delivery again now. */
  retryWebhook(ref: EntryRef): Promise<WrapUp>;
  /** Tries every delivery that is due; resolves when they are done. */
  runDueWebhooks(): Promise<void>;
}

export function createCallHistory(deps: CallHistoryDeps): CallHistory {
  const { store, logger } = deps;
  const queue = serialQueue();
  let cached: HistoryData | undefined;
  /** Entries whose webhook try is under way (in this worker's life). */
  const sending = new Set<string>();

  const load = async (): Promise<HistoryData> => (cached ??= await store.get());

  /** Applies `edit` within the retention and stores it when it changed anything. */
  async function write(next: HistoryData, before: HistoryData): Promise<HistoryData> {
    const settings = await deps.loadSettings();
    const kept = applyRetention(next, { days: settings.historyDays, maxCalls: settings.historyMaxCalls }, deps.now());
    if (kept === before) return before;
    cached = kept;
    await store.set(kept);
    return kept;
  }

  function findIn(data: HistoryData, ref: EntryRef): HistoryEntry | undefined {
    return 'entryId' in ref ? data.entries.find((e) => e.id === ref.entryId) : data.entries.find((e) => e.callId === ref.callId);
  }

  function replaceEntry(data: HistoryData, entry: HistoryEntry): HistoryData {
    return { ...data, entries: data.entries.map((e) => (e.id === entry.id ? entry : e)) };
  }

  /** The next due time among pending deliveries, handed to wakeAt. */
  function scheduleNext(data: HistoryData): void {
    const times = data.entries.flatMap((e) => (e.wrapUp?.webhook?.state === 'pending' ? [e.wrapUp.webhook.nextAt ?? 0] : []));
    deps.wakeAt(times.length === 0 ? null : Math.min(...times));
  }

  async function sendOne(entryId: string): Promise<void> {
    const picked = await queue(async () => {
      const data = await load();
      const entry = data.entries.find((e) => e.id === entryId);
      const delivery = entry?.wrapUp?.webhook;
      if (!entry?.wrapUp || delivery?.state !== 'pending' || sending.has(entryId)) return null;
      sending.add(entryId);
      return { entry, settings: await deps.loadSettings() };
    });
    if (picked === null) return;
    const { entry, settings } = picked;
    try {
      const built = webhookRequest(entry, settings);
      const result = built.ok ? await tryWebhook(built.request, deps.transport) : built;
      if (!result.ok) logger.warn(`disposition webhook for call ${entry.callId} failed: ${result.error}`);
      await queue(async () => {
        const data = await load();
        const current = data.entries.find((e) => e.id === entryId);
        // Saved again meanwhile: that newer wrap-up has its own delivery.
        if (current?.wrapUp?.savedAt !== entry.wrapUp!.savedAt || current.wrapUp.webhook === undefined) return;
        const webhook = afterAttempt(current.wrapUp.webhook, result, deps.now(), deps.random);
        const stored = await write(replaceEntry(data, { ...current, wrapUp: { ...current.wrapUp, webhook } }), data);
        scheduleNext(stored);
      });
    } finally {
      sending.delete(entryId);
    }
  }

  async function runDueWebhooks(): Promise<void> {
    const due = await queue(async () => {
      const data = await load();
      const now = deps.now();
      scheduleNext(data);
      return data.entries
        .filter((e) => e.wrapUp?.webhook?.state === 'pending' && (e.wrapUp.webhook.nextAt ?? 0) <= now)
        .map((e) => e.id);
    });
    await Promise.all(due.map((id) => sendOne(id).catch((e: unknown) => logger.error('disposition webhook try failed', e))));
  }

  async function wrapUpOf(entryId: string): Promise<WrapUp> {
    const entry = (await load()).entries.find((e) => e.id === entryId);
    if (entry?.wrapUp === undefined) throw new Error('The call is no longer in the history');
    return entry.wrapUp;
  }

  return {
    onPhoneState: (state) =>
      queue(async () => {
        const data = await load();
        const { data: next, changed } = recordPhoneState(data, state, deps.now(), deps.newId);
        if (changed) await write(next, data);
      }),

    read: () => queue(load),
    find: (ref) => queue(async () => findIn(await load(), ref)),
    unseenMissed: () => queue(async () => unseenMissed(await load())),

    markSeen: () =>
      queue(async () => {
        const data = await load();
        if (unseenMissed(data) === 0) return;
        deps.onMissedChange?.(unseenMissed(await write({ ...data, seenAt: deps.now() }, data)));
      }),

    clear: () =>
      queue(async () => {
        const data = await load();
        const entries = data.entries.filter((e) => e.outcome === null || e.wrapUp?.webhook?.state === 'pending');
        deps.onMissedChange?.(unseenMissed(await write({ entries, seenAt: deps.now() }, data)));
      }),

    async saveWrapUp(ref, disposition, note) {
      const entryId = await queue(async () => {
        const data = await load();
        const entry = findIn(data, ref);
        if (entry === undefined) throw new Error('The call is no longer in the history');
        const settings = await deps.loadSettings();
        const input = checkWrapUp(disposition, note, settings.dispositions);
        if (!input.ok) throw new Error(input.error);
        const now = deps.now();
        const wrapUp: WrapUp = {
          disposition: input.disposition,
          note: input.note,
          savedAt: now,
          ...(settings.wrapUpWebhookUrl !== '' && { webhook: { state: 'pending' as const, attempts: 0, nextAt: now } }),
        };
        await write(replaceEntry(data, { ...entry, wrapUp }), data);
        return entry.id;
      });
      await sendOne(entryId);
      return wrapUpOf(entryId);
    },

    async retryWebhook(ref) {
      const entryId = await queue(async () => {
        const data = await load();
        const entry = findIn(data, ref);
        const wrapUp = entry?.wrapUp;
        if (entry === undefined || wrapUp?.webhook === undefined) throw new Error('Nothing to send for this call');
        if (wrapUp.webhook.state === 'sent') return entry.id;
        const webhook = { ...wrapUp.webhook, state: 'pending' as const, nextAt: deps.now() };
        await write(replaceEntry(data, { ...entry, wrapUp: { ...wrapUp, webhook } }), data);
        return entry.id;
      });
      await sendOne(entryId);
      return wrapUpOf(entryId);
    },

    runDueWebhooks,
  };
}
