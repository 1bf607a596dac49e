/**
 * The unit project's IndexedDB: fake-indexeddb, a fresh empty one before each test, so the
 * settings' secret store (lib/settings/secret-store.ts) runs its real code under Node and no
 * secret leaks from one test into the next (as fakeBrowser.reset() does for extension storage).
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach } from 'vitest';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});
