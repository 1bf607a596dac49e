import { describe, expect, it, vi } from 'vitest';
import { createCallHistory, type HistorySettings } from '@/lib/history/call-history';
import { EMPTY_HISTORY, type HistoryData } from '@/lib/history/history-entry';
import type { HistoryStore } from '@/lib/history/history-store';
import { silentLogger } from '@/lib/phone/types';
import { nextRetryAt, WEBHOOK_MAX_ATTEMPTS, WEBHOOK_RETRY_DELAYS_MS } from '@/lib/wrap-up/retry-schedule';
import { afterAttempt, type WebhookTransport } from '@/lib/wrap-up/webhook-delivery';
import { makeCall } from './phone-host-fixtures';

const T0 = 1_700_000_001_000;

describe('webhook retry schedule', () => {
  it('waits 5 s, 30 s, 2 min, 10 min, 30 min, 1 h after each failure, then gives up', () => {
    const noJitter = () => 0.5;
    expect(WEBHOOK_RETRY_DELAYS_MS.map((_, i) => nextRetryAt(i + 1, 0, noJitter))).toEqual([5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000]);
    expect(nextRetryAt(WEBHOOK_MAX_ATTEMPTS, 0, noJitter)).toBeNull();
    expect(WEBHOOK_MAX_ATTEMPTS).toBe(7);
  });

  it('spreads each wait by at most 20 %', () => {
    expect(nextRetryAt(1, 1_000, () => 0)).toBe(1_000 + 4_000);
    expect(nextRetryAt(1, 1_000, () => 0.999_999)).toBe(1_000 + 6_000);
  });

  it('moves a delivery to sent, pending at the next time, or failed once the schedule is used up', () => {
    const pending = { state: 'pending' as const, attempts: 0, nextAt: 0 };
    expect(afterAttempt(pending, { ok: true }, 10)).toEqual({ state: 'sent', attempts: 1, sentAt: 10 });
    expect(afterAttempt(pending, { ok: false, error: 'HTTP 500' }, 10, () => 0.5)).toEqual({ state: 'pending', attempts: 1, nextAt: 5_010, lastError: 'HTTP 500' });
    expect(afterAttempt({ ...pending, attempts: 6 }, { ok: false, error: 'HTTP 500' }, 10)).toEqual({ state: 'failed', attempts: 7, lastError: 'HTTP 500' });
  });
});

function memoryStore(): HistoryStore & { data: HistoryData } {
  const store = {
    data: EMPTY_HISTORY,
    get: async () => store.data,
    set: async (data: HistoryData) => {
      store.data = structuredClone(data);
    },
  };
  return store;
}

const SETTINGS: HistorySettings = {
  historyDays: 7,
  historyMaxCalls: 200,
  dispositions: ['Resolved', 'Callback'],
  wrapUpWebhookUrl: 'https://crm.example.com/hooks/wrap-up?ref={call_ref}',
  wrapUpWebhookToken: 'tok-1',
};

function setup(statuses: number[], settings: Partial<HistorySettings> = {}) {
  let now = T0 + 100_000;
  const store = memoryStore();
  const posts: { url: string; body: unknown; headers: Record<string, string> }[] = [];
  const transport: WebhookTransport = {
    hasAccess: async () => true,
    fetch: async (url, init) => {
      posts.push({ url, body: JSON.parse(init.body), headers: init.headers });
      const status = statuses.shift() ?? 200;
      return { ok: status < 300, status };
    },
  };
  const wakeAt = vi.fn<(at: number | null) => void>();
  const onMissedChange = vi.fn<(n: number) => void>();
  let id = 0;
  /** A new worker's history over the same store (the Chrome worker was stopped and woken). */
  const restart = () =>
    createCallHistory({
      store,
      loadSettings: async () => ({ ...SETTINGS, ...settings }),
      now: () => now,
      newId: () => `entry-${++id}`,
      random: () => 0.5,
      transport,
      wakeAt,
      onMissedChange,
      logger: silentLogger,
    });
  const history = restart();
  return { history, restart, store, posts, wakeAt, onMissedChange, advance: (ms: number) => (now += ms), now: () => now };
}

const talked = makeCall({ id: 'c1', state: 'ended', endReason: 'caller-hung-up', answeredAt: T0 + 2_000, endedAt: T0 + 47_000 });

describe('call history with the disposition webhook', () => {
  it('POSTs the documented JSON with the bearer token and marks it sent', async () => {
    const { history, posts, store } = setup([200]);
    await history.onPhoneState({ calls: [talked] });
    const wrapUp = await history.saveWrapUp({ callId: 'c1' }, 'Resolved', '  all good\r\nthanks \u202e ');
    expect(posts).toEqual([
      {
        url: 'https://crm.example.com/hooks/wrap-up?ref=CR-1',
        headers: { 'content-type': 'application/json', authorization: 'Bearer tok-1' },
        body: { call_ref: 'CR-1', contact_ref: 'ACC-42', number: '07700900123', disposition: 'Resolved', note: 'all good\nthanks', duration: 45, ext: '1001' },
      },
    ]);
    expect(wrapUp.webhook).toMatchObject({ state: 'sent', attempts: 1 });
    expect(store.data.entries[0]?.wrapUp).toMatchObject({ disposition: 'Resolved', note: 'all good\nthanks' });
  });

  it('refuses a disposition the admin does not offer', async () => {
    const { history, posts } = setup([]);
    await history.onPhoneState({ calls: [talked] });
    await expect(history.saveWrapUp({ callId: 'c1' }, 'Sold a boat', '')).rejects.toThrow(/not one of the dispositions/);
    expect(posts).toEqual([]);
  });

  it('retries a failing webhook on the schedule, from the stored due time (a new worker picks it up)', async () => {
    const t = setup([500, 503]);
    await t.history.onPhoneState({ calls: [talked] });
    const first = await t.history.saveWrapUp({ callId: 'c1' }, 'Callback', '');
    expect(first.webhook).toEqual({ state: 'pending', attempts: 1, nextAt: t.now() + 5_000, lastError: 'https://crm.example.com answered HTTP 500' });
    expect(t.wakeAt).toHaveBeenLastCalledWith(t.now() + 5_000);

    // Not due yet: nothing is sent.
    t.advance(4_000);
    await t.history.runDueWebhooks();
    expect(t.posts).toHaveLength(1);

    // A worker that was stopped meanwhile: a fresh history over the same store.
    t.advance(1_000);
    const fresh = t.restart();
    await fresh.runDueWebhooks();
    expect(t.store.data.entries[0]?.wrapUp?.webhook).toMatchObject({ state: 'pending', attempts: 2, nextAt: t.now() + 30_000, lastError: expect.stringContaining('503') });

    // Succeeds on the third try.
    t.advance(30_000);
    await fresh.runDueWebhooks();
    expect(t.store.data.entries[0]?.wrapUp?.webhook).toMatchObject({ state: 'sent', attempts: 3 });
    expect(t.wakeAt).toHaveBeenLastCalledWith(null);
  });

  it('says so when the extension has no access to the webhook origin', async () => {
    const t = setup([]);
    const history = createCallHistory({
      store: t.store,
      loadSettings: async () => SETTINGS,
      now: t.now,
      newId: () => 'e',
      transport: { hasAccess: async () => false, fetch: async () => ({ ok: true, status: 200 }) },
      wakeAt: () => {},
      logger: silentLogger,
    });
    await history.onPhoneState({ calls: [talked] });
    const wrapUp = await history.saveWrapUp({ callId: 'c1' }, '', 'note');
    expect(wrapUp.webhook).toMatchObject({ state: 'pending', lastError: 'No access to https://crm.example.com: allow it in the wrap-up settings' });
  });

  it('without a webhook URL only saves', async () => {
    const { history, posts } = setup([], { wrapUpWebhookUrl: '' });
    await history.onPhoneState({ calls: [talked] });
    const wrapUp = await history.saveWrapUp({ callId: 'c1' }, 'Resolved', 'ok');
    expect(wrapUp.webhook).toBeUndefined();
    expect(posts).toEqual([]);
  });

  it('counts missed calls until seen; clear keeps live calls and undelivered wrap-ups', async () => {
    const t = setup([500]);
    const missed = makeCall({ id: 'm', state: 'ended', endReason: 'missed', ringingAt: T0 + 50_000, endedAt: T0 + 60_000 });
    await t.history.onPhoneState({ calls: [missed, talked] });
    expect(await t.history.unseenMissed()).toBe(1);
    // A phone state's count reaches the badge with that state, not through this callback.
    expect(t.onMissedChange).not.toHaveBeenCalled();
    await t.history.markSeen();
    expect(await t.history.unseenMissed()).toBe(0);
    expect(t.onMissedChange).toHaveBeenLastCalledWith(0);
    await t.history.saveWrapUp({ callId: 'c1' }, 'Resolved', '');
    await t.history.onPhoneState({ calls: [makeCall({ id: 'live', state: 'ringing', ringingAt: T0 + 90_000 }), missed, talked] });
    await t.history.clear();
    expect(t.store.data.entries.map((e) => e.callId).sort()).toEqual(['c1', 'live']);
  });
});
