import { browser } from 'wxt/browser';
import { storage, type WxtStorageItem } from 'wxt/utils/storage';
import { createLogger, type Logger } from '@/lib/phone-host/logger';
import { DEFAULT_PANEL_PLACE, type PanelPlace } from './panel-view';

/**
 * What the worker remembers about each call between wakes. The Chrome worker is killed when
 * idle, so "popped already" must outlive it: a pop twice for one call is the one thing an agent
 * would notice at once. storage.session survives worker restarts and is cleared with the
 * browser session, like the phone state it describes.
 */
export interface CallMemory {
  /** The record has been opened for this call (automatically or by 'Open record'). */
  popped: boolean;
  /**
   * The automatic pop moment (ring or answer, per settings.popOn) has been handled, whether
   * or not a tab was popped then: the automatic pop is tried once per call, never again.
   */
  popMoment?: boolean;
  /** The tab that shows the full panel: the one that popped, took the call, or was picked. */
  panelTabId?: number;
  /** The panel tab acknowledged the lookup prefill (done or failed: it is not retried). */
  prefillDone?: boolean;
  /** The desktop notification shown while it rings with no CRM tab open. */
  notificationId?: string;
  /** The agent dismissed the wrap-up view. */
  dismissed?: boolean;
  /** The automatic pop was skipped: over the cap of automatic pops (pop-rate.ts). */
  popCapped?: boolean;
}

/**
 * Per call id, in a null-prototype object (newMemory): a call id is a string from a message, and
 * on a plain object "__proto__" or "constructor" would read Object.prototype or Object itself,
 * and writing a field there would change every object of the worker. The ids are the phone's
 * own (lib/phone/sip-values.ts), but this holds whatever id arrives. Read with memoryFor().
 */
export type PopMemory = Record<string, CallMemory>;

/** Far more than the phone reports (its live call and five ended ones): bounds what is stored. */
export const MAX_MEMORY_ENTRIES = 50;
const MAX_KEY_LENGTH = 256;
const MAX_NOTICE_ID_LENGTH = 512;

export function newMemory(entries: Iterable<readonly [string, CallMemory]> = []): PopMemory {
  const memory = Object.create(null) as PopMemory;
  for (const [id, mem] of entries) memory[id] = mem;
  return memory;
}

/** The memory of one call, own entries only (safe on a plain object too). */
export function memoryFor(memory: PopMemory, callId: string): CallMemory | undefined {
  return Object.hasOwn(memory, callId) ? memory[callId] : undefined;
}

/** A copy (the entries too), still without a prototype. */
export function copyMemory(memory: PopMemory): PopMemory {
  return newMemory(Object.entries(memory).map(([id, mem]) => [id, { ...mem }] as const));
}

/**
 * What storage gave back, checked entry by entry: an entry of the wrong shape (an older version,
 * an edit from devtools) is dropped, not the whole memory; at most MAX_MEMORY_ENTRIES, the newest
 * (last written) kept.
 */
export function readMemory(raw: unknown): PopMemory {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return newMemory();
  const entries: [string, CallMemory][] = [];
  for (const [id, value] of Object.entries(raw)) {
    const mem = id.length > 0 && id.length <= MAX_KEY_LENGTH ? callMemoryOf(value) : undefined;
    if (mem !== undefined) entries.push([id, mem]);
  }
  return newMemory(entries.slice(-MAX_MEMORY_ENTRIES));
}

function callMemoryOf(value: unknown): CallMemory | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const flag = (key: string) => (Object.hasOwn(v, key) && v[key] !== undefined ? (typeof v[key] === 'boolean' ? v[key] : null) : undefined);
  if (typeof v['popped'] !== 'boolean') return undefined;
  const mem: CallMemory = { popped: v['popped'] };
  for (const key of ['popMoment', 'prefillDone', 'dismissed'] as const) {
    const f = flag(key);
    if (f === null) return undefined;
    if (f !== undefined) mem[key] = f;
  }
  const tab = Object.hasOwn(v, 'panelTabId') ? v['panelTabId'] : undefined;
  if (tab !== undefined) {
    if (typeof tab !== 'number' || !Number.isSafeInteger(tab)) return undefined;
    mem.panelTabId = tab;
  }
  const notice = Object.hasOwn(v, 'notificationId') ? v['notificationId'] : undefined;
  if (notice !== undefined) {
    if (typeof notice !== 'string' || notice.length > MAX_NOTICE_ID_LENGTH) return undefined;
    mem.notificationId = notice;
  }
  return mem;
}

/** The part of a wxt/storage item the coordinator uses (tests pass the real item over fakeBrowser). */
export interface StoredValue<T> {
  getValue(): Promise<T>;
  setValue(value: T): Promise<void>;
}

/**
 * A storage item defined on first use: the offscreen document imports this module's pure parts
 * (its screen pop keeps the memory itself, host-screen-pop.ts) and has no storage API at all,
 * where defining an item fails.
 */
export function lazyItem<T>(define: () => WxtStorageItem<T, Record<string, unknown>>): Pick<WxtStorageItem<T, Record<string, unknown>>, 'getValue' | 'setValue' | 'removeValue' | 'watch'> {
  let item: WxtStorageItem<T, Record<string, unknown>> | undefined;
  const get = () => (item ??= define());
  return {
    getValue: () => get().getValue(),
    setValue: (value) => get().setValue(value),
    removeValue: (opts) => get().removeValue(opts),
    watch: (cb) => get().watch(cb),
  };
}

// Firefox MV2 has storage.session only from Firefox 115 on (as lib/status/phone-state-store.ts).
const area = () => (browser.storage.session ? 'session' : 'local');
const storedPopMemory = lazyItem(() => storage.defineItem<unknown>(`${area()}:screenPop`, { fallback: {} }));

/**
 * The pop memory in storage, checked on the way in (readMemory) and bounded on the way out. A
 * failed write (storage.session's quota, 10 MB in Chrome, is shared with the phone state) is
 * logged and swallowed: the worker goes on with its copy in memory (writeThroughCache keeps it),
 * so the screen pop still works; only a worker restart would forget which calls were popped.
 */
export function popMemoryStore(item: StoredValue<unknown>, logger: Logger): StoredValue<PopMemory> {
  return {
    getValue: async () => readMemory(await item.getValue()),
    async setValue(value) {
      const entries = Object.entries(value);
      const bounded = entries.length > MAX_MEMORY_ENTRIES ? newMemory(entries.slice(-MAX_MEMORY_ENTRIES)) : value;
      try {
        await item.setValue(bounded);
      } catch (e) {
        logger.warn('could not store the screen-pop memory; kept in memory only', e);
      }
    },
  };
}

export const popMemoryItem: StoredValue<PopMemory> = popMemoryStore(storedPopMemory, createLogger('screen-pop'));

/** The panel's place is the agent's preference: kept across browser sessions. */
export const panelPlaceItem = lazyItem(() => storage.defineItem<PanelPlace>('local:panelPlace', { fallback: DEFAULT_PANEL_PLACE }));

/**
 * A stored value this context is the only writer of (the worker's pop memory and panel place),
 * kept in memory after the first read: the screen pop reads both on every phone state and panel
 * message, and each storage read there waits behind the state mirror's write (2-20 ms) in front
 * of the caller panel. Writes go to storage first; the copy follows once storage took them (and
 * is dropped if the write fails, so the next read asks storage again). Reads return a copy: a
 * task edits what it read and may fail before writing it back. A worker that is stopped and
 * woken starts with no copy and reads storage again.
 */
export function writeThroughCache<T>(item: StoredValue<T>): StoredValue<T> {
  let cached: { value: T } | undefined;
  let reading: Promise<T> | undefined;
  return {
    async getValue() {
      if (cached === undefined) {
        reading ??= item.getValue().finally(() => {
          reading = undefined;
        });
        const value = await reading;
        // A write that finished while this read was under way is newer: keep it.
        cached ??= { value: copyData(value) };
      }
      return copyData(cached.value);
    },
    async setValue(value) {
      try {
        await item.setValue(value);
      } catch (e) {
        cached = undefined;
        throw e;
      }
      cached = { value: copyData(value) };
    },
  };
}

/**
 * A deep copy of plain data (what storage holds) that keeps null prototypes, which
 * structuredClone drops (the pop memory relies on them). Keys are defined, never assigned, so a
 * "__proto__" key stays a key.
 */
export function copyData<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => copyData(v)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const out: object = Object.getPrototypeOf(value) === null ? Object.create(null) : {};
  for (const [key, v] of Object.entries(value)) {
    Object.defineProperty(out, key, { value: copyData(v), enumerable: true, writable: true, configurable: true });
  }
  return out as T;
}

/** Only the calls the phone still reports: the phone keeps the last few ended ones. */
export function pruneMemory(memory: PopMemory, callIds: readonly string[]): PopMemory {
  const keep = new Set(callIds);
  // Object.fromEntries would make a plain object again: newMemory keeps it prototype-free.
  return newMemory(Object.entries(memory).filter(([id]) => keep.has(id)));
}
