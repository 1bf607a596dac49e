/**
 * Settings in extension storage: `local:settings`, a versioned wxt/storage item, without the
 * secrets (SECRET_FIELDS), which are in the secret store (extension-origin IndexedDB).
 *
 * Only the worker / background page and the popup may import this module: defining the item
 * starts its migration at once, and the secrets are read from the extension's own IndexedDB.
 * The offscreen document has no storage API, so it gets settings by message and imports the
 * pure modules (schema, validate, derived). Content scripts never import it.
 */
import { storage } from 'wxt/utils/storage';
import { migrateV1ToV2 } from './migrate-v1';
import { migrateV2ToV3 } from './migrate-v2';
import { DEFAULT_SETTINGS, type Settings, type SettingsError } from './schema';
import { hasInlineSecrets, joinSecrets, splitSecrets } from './secret-fields';
import { indexedDbSecretStore } from './secret-store';
import { validateSettings } from './validate';
import { missingCredentials } from './derived';

export const SETTINGS_VERSION = 3;

/**
 * The settings as stored: no secret field, plus `secretsStamp`, new at every save, so a change
 * of a secret alone still changes the item and every watcher hears of it.
 */
export type StoredSettings = Record<string, unknown>;

const secretStore = indexedDbSecretStore();

/** Raw stored value; it is not validated and has no secrets: read through loadSettings / watchSettings. */
export const settingsItem = storage.defineItem<StoredSettings>('local:settings', {
  version: SETTINGS_VERSION,
  fallback: splitSecrets(DEFAULT_SETTINGS).open as StoredSettings,
  migrations: {
    2: (v1: unknown) => migrateV1ToV2(v1) as StoredSettings,
    3: async (v2: unknown) => (await migrateV2ToV3(secretStore)(v2)) as StoredSettings,
  },
});

async function withSecrets(open: unknown): Promise<{ settings: Settings; errors: SettingsError[] }> {
  return validateSettings(joinSecrets(open, await secretStore.get()));
}

export async function loadSettings(): Promise<{ settings: Settings; errors: SettingsError[] }> {
  return withSecrets(await settingsItem.getValue());
}

/**
 * Moves secrets that sit in the readable item (written there by an older version after the
 * migration ran, e.g. a sync race or a test seeding storage) into the secret store. The worker
 * runs it at start and on every change; a no-op when there is nothing to move.
 */
export async function moveInlineSecrets(): Promise<boolean> {
  const stored = await settingsItem.getValue();
  if (!hasInlineSecrets(stored)) return false;
  const { open, secrets } = splitSecrets(stored);
  await secretStore.set({ ...(await secretStore.get()), ...secrets });
  await settingsItem.setValue({ ...(open as StoredSettings), secretsStamp: newStamp() });
  return true;
}

function newStamp(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
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
  const { open, secrets } = splitSecrets(settings);
  // Secrets first: a watcher woken by the item's change reads them next.
  await secretStore.set(secrets);
  await settingsItem.setValue({ ...(open as StoredSettings), secretsStamp: newStamp() });
  return { ok: true, settings };
}

/**
 * Calls back with validated settings (secrets included) whenever the stored item changes (any
 * context), in the order of the changes although each reads the secret store first.
 */
export function watchSettings(cb: (result: { settings: Settings; errors: SettingsError[] }) => void): () => void {
  let chain = Promise.resolve();
  return settingsItem.watch((value) => {
    chain = chain.then(async () => {
      let result: { settings: Settings; errors: SettingsError[] };
      try {
        result = await withSecrets(value);
      } catch (e) {
        // Unreadable secrets: the rest of the settings still apply; the phone sees no password.
        result = validateSettings(joinSecrets(value, {}));
        result.errors.push({ field: '_root', message: `Could not read the stored secrets: ${e instanceof Error ? e.name : 'error'}` });
      }
      cb(result);
    });
  });
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
