/**
 * Storage version 3 -> 4: the item keeps only the agent's own choices.
 *
 * Up to version 3 every save wrote every field, so a stored default could not be told from a
 * choice. Policy defaults (managed-policy.ts) sit below the agent's values, so a field stored
 * at its default would hide them forever: version 4 drops fields equal to the schema default
 * (an agent who chose exactly the default gets the organisation's default instead, which is
 * the closest reading of an unchanged field). Secrets are not in the item (version 3).
 */
import { sameValue } from './managed-policy';
import { DEFAULT_SETTINGS } from './schema';

export function migrateV3ToV4(v3: unknown): unknown {
  if (typeof v3 !== 'object' || v3 === null || Array.isArray(v3)) return v3;
  const defaults = DEFAULT_SETTINGS as unknown as Record<string, unknown>;
  return Object.fromEntries(Object.entries(v3).filter(([key, value]) => !(key in defaults) || !sameValue(value, defaults[key])));
}
