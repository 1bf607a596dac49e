import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { phoneStateSchema, MAX_CALLS, MAX_WARNINGS, type PhoneState } from '@/lib/phone-host/phone-state';
import { MAX_TEXT_LENGTH } from '@/lib/call-notification';
import {
  MAX_MEMORY_ENTRIES, copyData, popMemoryItem, popMemoryStore, readMemory, writeThroughCache, type PopMemory,
} from '@/lib/screen-pop/pop-memory';
import { boundedForStorage, mirrorPhoneState, phoneStateItem, MIRROR_MAX_CALLS } from '@/lib/status/phone-state-store';
import { makeCall, makePhoneState } from './phone-host-fixtures';

/**
 * What the worker writes to storage.session is bounded (Chrome's quota: 10 MB for the whole
 * area), keyed safely whatever the call ids spell, and a failed write does not stop the screen pop.
 */
beforeEach(() => fakeBrowser.reset());

const quiet = () => ({ debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() });
const size = (value: unknown) => JSON.stringify(value).length;
const JS_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

/** The largest phone state the worker accepts from the phone's page (phoneStateSchema's bounds). */
function largestAcceptedState(): PhoneState {
  const text = 'x'.repeat(MAX_TEXT_LENGTH);
  const notification = { ...makeCall().notification, number: text, dialNumber: text, callRef: text, contactRef: text, campaignRef: text, ext: text };
  const calls = Array.from({ length: MAX_CALLS }, (_, i) =>
    makeCall({
      id: `${i}`.padEnd(256, 'i'), sipCallId: 's'.repeat(1_024), endDetail: 'd'.repeat(1_024),
      warnings: Array.from({ length: MAX_WARNINGS }, () => 'w'.repeat(1_024)), notification,
    }),
  );
  const state = makePhoneState({ calls });
  state.registration.reason = 'r'.repeat(1_024);
  expect(phoneStateSchema.safeParse(state).success).toBe(true);
  return state;
}

describe('the mirrored phone state', () => {
  it('is bounded: the largest accepted state is stored in under 200 kB', () => {
    const state = largestAcceptedState();
    const stored = boundedForStorage(state);
    expect(stored.calls).toHaveLength(MIRROR_MAX_CALLS);
    expect(stored.calls.map((c) => c.id)).toEqual(state.calls.slice(0, MIRROR_MAX_CALLS).map((c) => c.id));
    expect(size(state)).toBeGreaterThan(1_000_000);
    expect(size(stored)).toBeLessThan(200_000);
  });

  it('keeps the bridge status (the Bridge line of the popup), its reason capped like the rest', () => {
    const state = { ...makePhoneState(), bridge: { state: 'reconnecting' as const, retryAt: 5, reason: 'x'.repeat(2_000), since: 1 } };
    const stored = boundedForStorage(state);
    expect(stored.bridge).toMatchObject({ state: 'reconnecting', retryAt: 5, since: 1 });
    expect(stored.bridge!.reason!.length).toBeLessThanOrEqual(512);
    expect(boundedForStorage(makePhoneState())).not.toHaveProperty('bridge');
  });

  it('a refused write (quota) is logged; the badge is still set and nothing throws', async () => {
    const logger = quiet();
    vi.spyOn(phoneStateItem, 'setValue').mockRejectedValue(new Error('QUOTA_BYTES quota exceeded'));
    await mirrorPhoneState(makePhoneState({ calls: [makeCall()] }), { button: fakeBrowser.action, now: () => 0, logger });
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('could not store the phone state'), expect.any(Error));
    expect(await fakeBrowser.action.getBadgeText({})).toBe('RING');
  });
});

describe('the pop memory in storage', () => {
  it('is read back as a null-prototype map: ids that are Object.prototype names are plain keys', async () => {
    const memory = readMemory(Object.fromEntries(JS_NAMES.map((id, i) => [id, { popped: i % 2 === 0, panelTabId: i }])));
    expect(Object.getPrototypeOf(memory)).toBeNull();
    expect(Object.keys(memory)).toEqual(JS_NAMES);
    expect(memory['__proto__']).toEqual({ popped: true, panelTabId: 0 });
    // JSON.parse makes "__proto__" an own key: what storage could give back.
    const fromJson = readMemory(JSON.parse('{"__proto__":{"popped":true},"constructor":{"popped":false}}'));
    expect(Object.keys(fromJson)).toEqual(['__proto__', 'constructor']);
    expect(({} as { popped?: unknown }).popped).toBeUndefined();
  });

  it('drops entries of the wrong shape, not the whole memory', () => {
    const memory = readMemory({
      good: { popped: true, popMoment: true, panelTabId: 3, prefillDone: false, notificationId: 'n', dismissed: false },
      noPopped: { panelTabId: 3 },
      badTab: { popped: true, panelTabId: '3' },
      badFlag: { popped: true, dismissed: 'yes' },
      hugeNotice: { popped: true, notificationId: 'n'.repeat(10_000) },
      [`${'k'.repeat(300)}`]: { popped: true },
      notAnObject: 7,
    });
    expect(Object.keys(memory)).toEqual(['good']);
    expect(readMemory(null)).toEqual({});
    expect(readMemory([{ popped: true }])).toEqual({});
  });

  it(`keeps at most ${MAX_MEMORY_ENTRIES} entries, the newest, on read and on write`, async () => {
    const many = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`call-${i}`, { popped: true, notificationId: 'n'.repeat(512) }]));
    expect(Object.keys(readMemory(many))).toHaveLength(MAX_MEMORY_ENTRIES);
    expect(Object.keys(readMemory(many))[0]).toBe(`call-${500 - MAX_MEMORY_ENTRIES}`);
    await popMemoryItem.setValue(many as PopMemory);
    const stored = (await fakeBrowser.storage.session.get('screenPop'))['screenPop'] as object;
    expect(Object.keys(stored)).toHaveLength(MAX_MEMORY_ENTRIES);
    // The largest memory: 50 entries with 256-character ids and 512-character notification ids.
    expect(size(stored)).toBeLessThan(40_000);
  });

  it('a refused write (quota) is logged and swallowed; the worker goes on with its copy', async () => {
    const logger = quiet();
    const item = { getValue: vi.fn(async () => ({}) as unknown), setValue: vi.fn(async () => Promise.reject(new Error('QUOTA_BYTES quota exceeded'))) };
    const memory = writeThroughCache(popMemoryStore(item, logger));
    const value = await memory.getValue();
    value['call-1'] = { popped: true };
    await expect(memory.setValue(value)).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('kept in memory only'), expect.any(Error));
    expect(memoryOfCall(await memory.getValue(), 'call-1')).toEqual({ popped: true });
    expect(Object.getPrototypeOf(await memory.getValue())).toBeNull();
  });

  it('copyData keeps null prototypes and "__proto__" keys, and shares nothing with the original', () => {
    const original = readMemory({ __proto__x: { popped: true } });
    original['__proto__'] = { popped: false };
    const copy = copyData(original);
    expect(Object.getPrototypeOf(copy)).toBeNull();
    expect(Object.keys(copy)).toEqual(['__proto__x', '__proto__']);
    copy['__proto__']!.popped = true;
    expect(original['__proto__']).toEqual({ popped: false });
    expect(Object.getPrototypeOf(copyData({ a: 1 }))).toBe(Object.prototype);
  });
});

function memoryOfCall(memory: PopMemory, id: string) {
  return Object.hasOwn(memory, id) ? memory[id] : undefined;
}
