/**
 * Which settings are secrets, and how a settings object splits into what may sit in readable
 * extension storage and what goes to the secret store (secret-store.ts).
 *
 * Content scripts can read and write `storage.local` (Chrome until setAccessLevel has run,
 * Firefox always, bug 1724754), so the stored settings item holds no secret. A later secret field
 * is one more line in SECRET_FIELDS.
 */
import type { Settings } from './schema';

/** The secret parts of one settings object, keyed by SecretField.key; absent = not stored yet. */
export type Secrets = Record<string, unknown>;

export interface SecretField {
  /** Key in the secret store. */
  key: string;
  /** Moves the secret out of a (copied) settings-shaped object: it is deleted there. */
  take(open: Record<string, unknown>): unknown;
  /** Puts a stored secret back into a settings-shaped object (nothing when `secret` is undefined). */
  put(open: Record<string, unknown>, secret: unknown): void;
  /** Whether `open` still carries the secret (written by an older version). */
  present(open: Record<string, unknown>): boolean;
}

/** A whole top-level field: `password`. */
function wholeField(field: keyof Settings): SecretField {
  return {
    key: field,
    take(open) {
      const value = open[field];
      delete open[field];
      return value;
    },
    put(open, secret) {
      if (secret !== undefined && !(field in open)) open[field] = secret;
    },
    present: (open) => open[field] !== undefined,
  };
}

/** One property of every item of a list field: `iceServers[].credential`, kept by position. */
function eachItemField(field: keyof Settings, property: string): SecretField {
  const items = (open: Record<string, unknown>): Record<string, unknown>[] | null => {
    const list = open[field];
    return Array.isArray(list) ? (list as unknown[]).map((item) => (isRecord(item) ? item : {})) : null;
  };
  return {
    key: `${field}.${property}`,
    take(open) {
      const list = items(open);
      if (list === null) return undefined;
      const secrets = list.map((item) => item[property]);
      open[field] = list.map(({ [property]: _, ...rest }) => rest);
      return secrets;
    },
    put(open, secret) {
      const list = items(open);
      if (list === null || !Array.isArray(secret)) return;
      open[field] = list.map((item, i) =>
        item[property] === undefined && secret[i] !== undefined ? { ...item, [property]: secret[i] } : item,
      );
    },
    present: (open) => items(open)?.some((item) => item[property] !== undefined) ?? false,
  };
}

export const SECRET_FIELDS: readonly SecretField[] = [
  wholeField('password'),
  eachItemField('iceServers', 'credential'),
  wholeField('bridgeToken'),
  wholeField('wrapUpWebhookToken'),
];

/** `settings` without its secrets (a copy), and the secrets. */
export function splitSecrets(settings: unknown): { open: unknown; secrets: Secrets } {
  if (!isRecord(settings)) return { open: settings, secrets: {} };
  const open: Record<string, unknown> = { ...settings };
  const secrets: Secrets = {};
  for (const field of SECRET_FIELDS) {
    const value = field.take(open);
    if (value !== undefined) secrets[field.key] = value;
  }
  return { open, secrets };
}

/**
 * The stored open settings with the secrets put back. A secret still in `open` (an older
 * version's write, not moved yet) wins: it is the newer one.
 */
export function joinSecrets(open: unknown, secrets: Secrets): unknown {
  if (!isRecord(open)) return open;
  const joined: Record<string, unknown> = { ...open };
  for (const field of SECRET_FIELDS) field.put(joined, secrets[field.key]);
  return joined;
}

/** Whether a stored settings value still carries a secret in the readable place. */
export function hasInlineSecrets(open: unknown): boolean {
  return isRecord(open) && SECRET_FIELDS.some((field) => field.present(open));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
