/**
 * Storage version 2 -> 3: the secrets leave the readable settings item.
 *
 * Version 2 kept the SIP password and the TURN credentials inside `local:settings`, which
 * content scripts can read. Version 3 keeps them in the secret store (secret-store.ts) and the
 * item holds the rest. The secrets are written first: if that fails the migration fails, the
 * item stays at version 2 with its secrets, and the next start tries again (nothing is lost).
 */
import { splitSecrets } from './secret-fields';
import type { SecretStore } from './secret-store';

export function migrateV2ToV3(store: SecretStore): (v2: unknown) => Promise<unknown> {
  return async (v2) => {
    const { open, secrets } = splitSecrets(v2);
    if (Object.keys(secrets).length > 0) await store.set({ ...(await store.get()), ...secrets });
    return open;
  };
}
