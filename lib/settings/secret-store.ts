/**
 * The secret store: the settings' secrets (secret-fields.ts) in the extension origin's IndexedDB.
 *
 * Why IndexedDB and not extension storage: content scripts run with the page's origin, so the
 * IndexedDB they see is the page's; the extension origin's database is reachable only from the
 * extension's own pages and worker. That holds in both browsers and from the first moment after a
 * browser restart, whereas `storage.local` is readable by content scripts in Firefox (no
 * setAccessLevel, bug 1724754) and in Chrome until the worker has called setAccessLevel.
 * The offscreen document has IndexedDB but never opens it: the worker sends it the config.
 */
import type { Secrets } from './secret-fields';

export interface SecretStore {
  get(): Promise<Secrets>;
  /** Replaces every secret at once. */
  set(secrets: Secrets): Promise<void>;
}

const DB_NAME = 'teleforge-secrets';
const STORE = 'secrets';
const KEY = 'settings';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function open(factory: IDBFactory): Promise<IDBDatabase> {
  const req = factory.open(DB_NAME, 1);
  req.onupgradeneeded = () => req.result.createObjectStore(STORE);
  return request(req);
}

/** Opened per call: secrets are read on start and on settings changes only, never in a hot path. */
async function withStore<T>(factory: IDBFactory, mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open(factory);
  try {
    const tx = db.transaction(STORE, mode);
    const result = request(run(tx.objectStore(STORE)));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
    return await result;
  } finally {
    db.close();
  }
}

/** `factory` is the context's global indexedDB, read at call time (tests install a fake one). */
export function indexedDbSecretStore(factory: () => IDBFactory = () => indexedDB): SecretStore {
  return {
    async get() {
      const value: unknown = await withStore(factory(), 'readonly', (store) => store.get(KEY));
      return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Secrets) : {};
    },
    async set(secrets) {
      await withStore(factory(), 'readwrite', (store) => store.put(structuredClone(secrets), KEY));
    },
  };
}
