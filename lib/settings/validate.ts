/**
 * Field-by-field validation (after Dark Reader's validateSettings): a bad field falls back to its
 * default and is reported, the good fields are kept, unknown fields are dropped. Never throws, so
 * a damaged or hand-edited storage entry cannot stop the extension from starting.
 */
import { DEFAULT_SETTINGS, SETTINGS_FIELDS, settingsSchema, type Settings, type SettingsError } from './schema';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function validateSettings(input: unknown): { settings: Settings; errors: SettingsError[] } {
  if (!isRecord(input)) {
    const got = input === null ? 'null' : Array.isArray(input) ? 'an array' : typeof input;
    return { settings: structuredClone(DEFAULT_SETTINGS), errors: [{ field: '_root', message: `Settings must be an object, got ${got}` }] };
  }
  const settings: Record<string, unknown> = {};
  const errors: SettingsError[] = [];
  for (const field of SETTINGS_FIELDS) {
    let value: unknown;
    try {
      value = input[field]; // a getter on a hostile object could throw
    } catch {
      value = Symbol('unreadable');
    }
    const result = settingsSchema.shape[field].safeParse(value);
    if (result.success) {
      settings[field] = result.data;
    } else {
      settings[field] = structuredClone(DEFAULT_SETTINGS[field]);
      errors.push({ field, message: result.error.issues[0]?.message ?? 'Invalid value' });
    }
  }
  return { settings: settings as Settings, errors };
}

/**
 * The fields present in `input` only, each checked alone (the agent's saved choices, layered over
 * the defaults and the policy by managed-policy.ts mergeSettings). A bad field is left out and reported.
 */
export function validateStoredFields(input: unknown): { values: Partial<Settings>; errors: SettingsError[] } {
  if (!isRecord(input)) return { values: {}, errors: validateSettings(input).errors };
  const values: Record<string, unknown> = {};
  const errors: SettingsError[] = [];
  for (const field of SETTINGS_FIELDS) {
    let value: unknown;
    try {
      if (!Object.hasOwn(input, field)) continue;
      value = input[field];
    } catch {
      value = Symbol('unreadable');
    }
    if (value === undefined) continue;
    const result = settingsSchema.shape[field].safeParse(value);
    if (result.success) values[field] = result.data;
    else errors.push({ field, message: result.error.issues[0]?.message ?? 'Invalid value' });
  }
  return { values: values as Partial<Settings>, errors };
}
