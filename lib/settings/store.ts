/**
 * Settings in extension storage: `local:settings`, a versioned wxt/storage item.
 *
 * Only contexts with extension storage may import this module (worker, popup, content script):
 * defining the item starts its migration at once. The offscreen document has no storage API,
 * so it gets settings by message and imports the pure modules (schema, validate, derived).
 */
import { storage } from 'wxt/utils/storage';
import { migrateV1ToV2 } from './migrate-v1';
import { DEFAULT_SETTINGS, type Settings, type SettingsError } from './schema';
import { validateSettings } from './validate';
import { missingCredentials } from './derived';

export const SETTINGS_VERSION = 2;

/** Raw stored value; it is not validated: read through loadSettings / watchSettings instead. */
export const settingsItem = storage.defineItem<Settings>('local:settings', {
  version: SETTINGS_VERSION,
  fallback: DEFAULT_SETTINGS,
  migrations: {
    2: (v1: unknown) => migrateV1ToV2(v1) as Settings,
  },
});

export async function loadSettings(): Promise<{ settings: Settings; errors: SettingsError[] }> {
  return validateSettings(await settingsItem.getValue());
}

/**
 * Save after validation; nothing is written when any field is invalid. Fields absent from
 * `input` keep their stored values, so a form may save only what it shows.
 */
export async function saveSettings(
  input: unknown,
): Promise<{ ok: true; settings: Settings } | { ok: false; errors: SettingsError[] }> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ field: '_root', message: 'Settings must be an object' }] };
  }
  const { settings: current } = await loadSettings();
  const { settings, errors } = validateSettings({ ...current, ...input });
  errors.push(...missingCredentials(settings).filter((m) => !errors.some((e) => e.field === m.field)));
  if (errors.length > 0) return { ok: false, errors };
  await settingsItem.setValue(settings);
  return { ok: true, settings };
}

/** Calls back with validated settings whenever the stored item changes (any context). */
export function watchSettings(cb: (result: { settings: Settings; errors: SettingsError[] }) => void): () => void {
  return settingsItem.watch((value) => cb(validateSettings(value)));
}

export interface SettingsCache {
  /** The same answer as loadSettings(), without a storage read after the first. */
  load(): Promise<{ settings: Settings; errors: SettingsError[] }>;
  stop(): void;
}

/**
 * loadSettings() for hot paths: the worker's screen pop reads the settings on every phone state
 * and panel message, and a storage read plus validation costs 3-20 ms there, in front of the
 * caller panel and the record pop. Read once, then replaced by each change of the stored item
 * (the value the change event carries, validated the same way). Storage stays the source of
 * truth: a failed read is not kept, and a restarted worker makes a new cache that reads again.
 * Create it in the worker's first turn, so no change event is missed.
 */
export function cachedSettings(): SettingsCache {
  let cached: Promise<{ settings: Settings; errors: SettingsError[] }> | undefined;
  const stop = watchSettings((result) => {
    cached = Promise.resolve(result);
  });
  return {
    load() {
      if (cached === undefined) {
        const reading = loadSettings();
        cached = reading;
        reading.catch(() => {
          if (cached === reading) cached = undefined;
        });
      }
      return cached;
    },
    stop,
  };
}
