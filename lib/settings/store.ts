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
import { migrateV3ToV4 } from './migrate-v3';
import { agentValues, mergeSettings, NO_POLICY, parsePolicy, type ManagedPolicy } from './managed-policy';
import { browserManagedSource, type ManagedSource } from './managed-source';
import { type Settings, type SettingsError } from './schema';
import { hasInlineSecrets, joinSecrets, splitSecrets } from './secret-fields';
import { indexedDbSecretStore } from './secret-store';
import { validateSettings, validateStoredFields } from './validate';
import { missingCredentials } from './derived';

export const SETTINGS_VERSION = 4;

/**
 * The settings as stored: the agent's own choices only (fields that differ from the default or
 * the organisation's policy default; version 4), no secret field, plus `secretsStamp`, new at
 * every save, so a change of a secret alone still changes the item and every watcher hears of it.
 * What the extension uses is the merge with the policy (managed-policy.ts mergeSettings).
 */
export type StoredSettings = Record<string, unknown>;

const secretStore = indexedDbSecretStore();
let managedSource: ManagedSource = browserManagedSource();

/** Tests only: a fake policy source. */
export function setManagedSourceForTests(source: ManagedSource): void {
  managedSource = source;
}

/** Raw stored value; it is not validated and has no secrets: read through loadSettings / watchSettings. */
export const settingsItem = storage.defineItem<StoredSettings>('local:settings', {
  version: SETTINGS_VERSION,
  // Nothing chosen yet: every field is the policy's or the default.
  fallback: {},
  migrations: {
    2: (v1: unknown) => migrateV1ToV2(v1) as StoredSettings,
    3: async (v2: unknown) => (await migrateV2ToV3(secretStore)(v2)) as StoredSettings,
    4: (v3: unknown) => migrateV3ToV4(v3) as StoredSettings,
  },
});

/** The settings with the policy: what the popup shows (which fields are locked, what the policy got wrong). */
export interface ManagedSettings {
  settings: Settings;
  /** Problems of the stored values (the policy's are in policy.errors). */
  errors: SettingsError[];
  policy: ManagedPolicy;
}

/** A policy that cannot be read is reported and ignored: the agent's settings still apply. */
async function readPolicy(): Promise<ManagedPolicy> {
  try {
    return parsePolicy(await managedSource.read());
  } catch (e) {
    return { ...NO_POLICY, errors: [{ key: '_root', message: `Could not read the policy: ${e instanceof Error ? e.name : 'error'}` }] };
  }
}

/** The agent's stored choices (secrets joined back), validated field by field. */
function agentLayer(open: unknown, secrets: Record<string, unknown>) {
  const joined = joinSecrets(open, secrets);
  if (typeof joined !== 'object' || joined === null || Array.isArray(joined)) {
    return { values: {}, errors: validateSettings(joined).errors };
  }
  return validateStoredFields(joined);
}

function merged(open: unknown, secrets: Record<string, unknown>, policy: ManagedPolicy): ManagedSettings {
  const agent = agentLayer(open, secrets);
  return { settings: mergeSettings(agent.values, policy), errors: agent.errors, policy };
}

async function withSecrets(open: unknown, policy: ManagedPolicy): Promise<ManagedSettings> {
  return merged(open, await secretStore.get(), policy);
}

/** Settings, errors and the policy as the popup needs them. */
export async function loadManagedSettings(): Promise<ManagedSettings> {
  const [open, policy] = await Promise.all([settingsItem.getValue(), readPolicy()]);
  return withSecrets(open, policy);
}

/** The settings in effect: defaults, policy and the agent's choices merged (managed-policy.ts). */
export async function loadSettings(): Promise<{ settings: Settings; errors: SettingsError[] }> {
  const { settings, errors } = await loadManagedSettings();
  return { settings, errors };
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
  const [stored, policy, storedSecrets] = await Promise.all([settingsItem.getValue(), readPolicy(), secretStore.get()]);
  const current = merged(stored, storedSecrets, policy).settings;
  // A locked field is never taken from the form: it keeps the policy's value.
  const editable = Object.fromEntries(Object.entries(input).filter(([field]) => !policy.locked.includes(field as never)));
  const { settings, errors } = validateSettings({ ...current, ...editable });
  errors.push(...missingCredentials(settings).filter((m) => !errors.some((e) => e.field === m.field)));
  if (errors.length > 0) return { ok: false, errors };
  const agent = agentValues(settings, policy, agentLayer(stored, storedSecrets).values);
  const { open, secrets } = splitSecrets(agent);
  // Secrets first: a watcher woken by the item's change reads them next.
  await secretStore.set(secrets);
  await settingsItem.setValue({ ...(open as StoredSettings), secretsStamp: newStamp() });
  return { ok: true, settings: mergeSettings(agent, policy) };
}

/**
 * Calls back with validated settings (secrets included, policy merged) whenever the stored item
 * or the policy changes (any context), in the order of the changes although each reads the
 * secret store first. Chromium delivers a policy a few seconds after install and on each policy
 * refresh, so the policy's change event matters as much as the item's.
 */
export function watchSettings(cb: (result: { settings: Settings; errors: SettingsError[] }) => void): () => void {
  let chain = Promise.resolve();
  const run = (readOpen: () => Promise<unknown>) => {
    chain = chain.then(async () => {
      let value: unknown;
      let policy: ManagedPolicy;
      try {
        [value, policy] = await Promise.all([readOpen(), readPolicy()]);
      } catch {
        return; // the stored item could not be read: the next change tries again
      }
      let result: ManagedSettings;
      try {
        result = await withSecrets(value, policy);
      } catch (e) {
        // Unreadable secrets: the rest of the settings still apply; the phone sees no password.
        result = merged(value, {}, policy);
        result.errors.push({ field: '_root', message: `Could not read the stored secrets: ${e instanceof Error ? e.name : 'error'}` });
      }
      cb({ settings: result.settings, errors: result.errors });
    });
  };
  const stopItem = settingsItem.watch((value) => run(async () => value));
  const stopPolicy = managedSource.watch(() => run(() => settingsItem.getValue()));
  return () => {
    stopItem();
    stopPolicy();
  };
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
