/**
 * Where the policy comes from: `storage.managed` (browser-bound adapter; tests pass a fake).
 *
 * Chromium delivers the values a few seconds after install and on every policy refresh
 * (`storage.onChanged`, area 'managed'). Firefox reads policies.json once at browser start and
 * never fires a change; with no policy for the add-on its `get` rejects with "Managed storage
 * manifest not found", which means "no policy", not a failure.
 */
import { browser } from 'wxt/browser';

export interface ManagedSource {
  /** The raw policy object ({} when there is none). Rejects only on a real read failure. */
  read(): Promise<unknown>;
  /** Calls back on every policy change; returns the unsubscribe. */
  watch(onChange: () => void): () => void;
}

const NO_MANIFEST = /managed storage manifest not found/i;

export function browserManagedSource(): ManagedSource {
  return {
    async read() {
      const managed = browser.storage?.managed;
      if (!managed) return {};
      try {
        return await managed.get(null);
      } catch (e) {
        if (e instanceof Error && NO_MANIFEST.test(e.message)) return {};
        throw e;
      }
    },
    watch(onChange) {
      const listener = (_changes: unknown, area: string) => {
        if (area === 'managed') onChange();
      };
      browser.storage.onChanged.addListener(listener);
      return () => browser.storage.onChanged.removeListener(listener);
    },
  };
}
