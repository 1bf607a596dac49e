/**
 * Settings pushed by browser policy (`storage.managed`): Chrome's `3rdparty.extensions.<id>`
 * (Linux JSON, Windows registry / ADMX, macOS profile) and Firefox's policies.json
 * `3rdparty.Extensions.<gecko id>`. The shape is flat so it maps one to one onto each of those:
 * one key per setting, plus `lockedSettings`, the list of fields the agent may not change.
 *
 * Policy is admin input, still untrusted here: each value is checked with the same zod schema as
 * the stored settings, field by field; a bad value is reported and that field falls back (to the
 * agent's value or the default), the rest of the policy applies. Never throws.
 */
import { DEFAULT_SETTINGS, SETTINGS_FIELDS, settingsSchema, type Settings, type SettingsField } from './schema';

export const LOCKED_KEY = 'lockedSettings';

/**
 * The password never comes from policy: machine policy is readable by every local user, and a
 * per-user policy still puts one secret per agent into the admin's tooling. Agents type it.
 */
export const NOT_BY_POLICY: readonly SettingsField[] = ['password'];
export const POLICY_FIELDS: readonly SettingsField[] = SETTINGS_FIELDS.filter((f) => !NOT_BY_POLICY.includes(f));

export interface PolicyError {
  /** The policy key as the admin wrote it (capped), or '_root'. */
  key: string;
  message: string;
}

export interface ManagedPolicy {
  /** The valid policy values. */
  values: Partial<Settings>;
  /** Fields the agent cannot change: their policy value, or the default when the policy has none. */
  locked: SettingsField[];
  errors: PolicyError[];
}

export const NO_POLICY: ManagedPolicy = Object.freeze({ values: {}, locked: [], errors: [] }) as ManagedPolicy;

const KEY_SHOWN = 64;
const shownKey = (key: string) => (key.length > KEY_SHOWN ? `${key.slice(0, KEY_SHOWN)}…` : key);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isPolicyField = (key: string): key is SettingsField => (POLICY_FIELDS as readonly string[]).includes(key);

export function parsePolicy(raw: unknown): ManagedPolicy {
  if (raw === undefined || raw === null) return NO_POLICY;
  if (!isRecord(raw)) return { ...NO_POLICY, errors: [{ key: '_root', message: 'The extension policy must be an object' }] };
  const values: Record<string, unknown> = {};
  const errors: PolicyError[] = [];
  for (const key of Object.keys(raw)) {
    if (key === LOCKED_KEY) continue;
    const value = raw[key];
    if ((NOT_BY_POLICY as readonly string[]).includes(key)) {
      errors.push({ key, message: 'Cannot be set by policy: each agent types it in the popup' });
    } else if (!isPolicyField(key)) {
      errors.push({ key: shownKey(key), message: 'Unknown setting: ignored' });
    } else {
      const result = settingsSchema.shape[key].safeParse(value);
      if (result.success) values[key] = result.data;
      else errors.push({ key, message: `${result.error.issues[0]?.message ?? 'Invalid value'}: not applied` });
    }
  }
  return { values: values as Partial<Settings>, locked: parseLocked(raw[LOCKED_KEY], values, errors), errors };
}

/** A locked field whose policy value is invalid is not locked: the agent can still work with it. */
function parseLocked(raw: unknown, values: Record<string, unknown>, errors: PolicyError[]): SettingsField[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || !raw.every((item) => typeof item === 'string')) {
    errors.push({ key: LOCKED_KEY, message: 'Must be a list of setting names: nothing is locked' });
    return [];
  }
  const locked = new Set<SettingsField>();
  for (const name of raw as string[]) {
    if (!isPolicyField(name)) {
      errors.push({ key: LOCKED_KEY, message: `"${shownKey(name)}" cannot be locked (unknown, or not set by policy)` });
    } else if (!(name in values) && errors.some((e) => e.key === name)) {
      // Already reported as invalid; the field stays the agent's.
    } else {
      locked.add(name);
    }
  }
  return [...locked];
}

/** What a field falls back to below the agent's own value: the default, or the unlocked policy value. */
export function baseSettings(policy: ManagedPolicy): Settings {
  return { ...structuredClone(DEFAULT_SETTINGS), ...structuredClone(policy.values) };
}

/** Merge order: schema default < unlocked policy < the agent's saved value < locked policy. */
export function mergeSettings(agent: Partial<Settings>, policy: ManagedPolicy): Settings {
  const merged: Record<string, unknown> = { ...baseSettings(policy), ...structuredClone(agent) };
  for (const field of policy.locked) merged[field] = structuredClone(policy.values[field] ?? DEFAULT_SETTINGS[field]);
  return merged as Settings;
}

/**
 * What to store as the agent's own choices after a save: fields that differ from what they would
 * fall back to (so a later policy default still reaches an agent who never changed that field),
 * never a locked field's policy value (a value the agent stored before the lock is kept, dormant).
 */
export function agentValues(candidate: Settings, policy: ManagedPolicy, previous: Partial<Settings>): Partial<Settings> {
  const base = baseSettings(policy);
  const out: Record<string, unknown> = {};
  for (const field of SETTINGS_FIELDS) {
    if (policy.locked.includes(field)) {
      if (previous[field] !== undefined) out[field] = structuredClone(previous[field]);
    } else if (!sameValue(candidate[field], base[field])) {
      out[field] = structuredClone(candidate[field]);
    }
  }
  return out as Partial<Settings>;
}

/** Deep equality for JSON-like settings values (key order ignored). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  }
  if (!isRecord(a) || !isRecord(b)) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)].filter((k) => a[k] !== undefined || b[k] !== undefined));
  return [...keys].every((k) => sameValue(a[k], b[k]));
}
