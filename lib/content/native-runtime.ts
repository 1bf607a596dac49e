/**
 * The extension runtime as the caller panel's content script finds it, without
 * webextension-polyfill (~10 kB in every CRM tab for three members): Firefox's promise-based
 * `browser`, or Chrome's `chrome` (MV3: `sendMessage` without a callback returns a promise).
 * WXT's own `wxt/browser` picks the same way.
 *
 * Replies go through `sendResponse`: Chrome ignores a promise returned from an onMessage
 * listener, both browsers honour `sendResponse`. A listener that answers later returns `true`
 * (both browsers then keep the channel open).
 */
export interface MessageSenderLike {
  id?: string;
}

export type RuntimeListener = (message: unknown, sender: MessageSenderLike, sendResponse: (reply: unknown) => void) => true | undefined;

export interface ContentRuntime {
  /** undefined once the extension was reloaded or removed. */
  readonly id?: string;
  sendMessage(message: unknown): Promise<unknown>;
  /** A port to the extension (the phone's page answers the panel's, lib/content/host-link.ts). */
  connect?(info: { name: string }): import('./host-link').PortLike;
  readonly onMessage: {
    addListener(listener: RuntimeListener): void;
    removeListener(listener: RuntimeListener): void;
  };
}

/** Looked up at each use: an orphaned content script may lose `runtime` altogether. */
export function nativeRuntime(): ContentRuntime | undefined {
  const world = globalThis as { browser?: { runtime?: ContentRuntime }; chrome?: { runtime?: ContentRuntime } };
  return world.browser?.runtime?.id ? world.browser.runtime : world.chrome?.runtime;
}
