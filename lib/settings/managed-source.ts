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

/**
 * How long a read waits for `storage.managed` before going on without it. Chromium answers
 * `storage.managed.get` only once its policy service has loaded, ~3 s after a browser start
 * (measured: 2,969 ms): waiting for it kept every agent unregistered that long after each
 * start. A read that takes longer returns "no policy" at once, and the watchers are called when
 * the real answer comes, as for a policy change, so the settings are read again with it.
 */
export const MANAGED_READ_WAIT_MS = 300;

export function browserManagedSource(): ManagedSource {
  const watchers = new Set<() => void>();
  const get = async (): Promise<unknown> => {
    const managed = browser.storage?.managed;
    if (!managed) return {};
    try {
      return await managed.get(null);
    } catch (e) {
      if (e instanceof Error && NO_MANIFEST.test(e.message)) return {};
      throw e;
    }
  };
  return {
    async read() {
      const answer = get();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const slow = new Promise<typeof SLOW>((resolve) => {
        timer = setTimeout(() => resolve(SLOW), MANAGED_READ_WAIT_MS);
      });
      try {
        const first = await Promise.race([answer, slow]);
        if (first !== SLOW) return first;
      } finally {
        clearTimeout(timer);
      }
      void answer.then(
        () => watchers.forEach((onChange) => onChange()),
        () => {},
      );
      return {};
    },
    watch(onChange) {
      watchers.add(onChange);
      const listener = (_changes: unknown, area: string) => {
        if (area === 'managed') onChange();
      };
      browser.storage.onChanged.addListener(listener);
      return () => {
        watchers.delete(onChange);
        browser.storage.onChanged.removeListener(listener);
      };
    },
  };
}

const SLOW = Symbol('slow');
