import { storage } from 'wxt/utils/storage';

/**
 * This browser install's SIP contact id (see contactOptions in lib/phone/create-user-agent.ts).
 * Made once by the worker and kept in storage.local, so every phone the install starts (a
 * recreated offscreen document, a worker or browser restart) registers the same Contact and
 * replaces its own old binding at the PBX. Random, not derived from the extension id: two
 * browsers of one agent (same extension, same extension number) must keep two bindings.
 * Not a secret: it is in every REGISTER and INVITE answer.
 */
export interface ContactIdStore {
  getValue(): Promise<string | null>;
  setValue(value: string): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The stored id, or a new one stored first. A stored value that is not a UUID (storage edited
 * by hand or by an older build) is replaced rather than sent to the phone, which would refuse it.
 * Concurrent calls in one context share one read, so they cannot store two different ids.
 */
export function contactIdSource(store: ContactIdStore, newId: () => string = () => crypto.randomUUID()): () => Promise<string> {
  let pending: Promise<string> | undefined;
  const load = async (): Promise<string> => {
    const stored = await store.getValue();
    if (typeof stored === 'string' && UUID.test(stored)) return stored.toLowerCase();
    const id = newId();
    await store.setValue(id);
    return id;
  };
  return () => {
    pending ??= load().catch((e: unknown) => {
      pending = undefined; // a failed read is tried again on the next config
      throw e;
    });
    return pending;
  };
}

/** Where the worker keeps it: storage.local, which lasts as long as the install. */
export const contactIdItem = storage.defineItem<string | null>('local:phoneContactId', { fallback: null });
