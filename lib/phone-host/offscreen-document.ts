/**
 * Chrome allows one offscreen document per extension; the worker may be asked to make sure it
 * exists by several events at once (install + first message), so creation is shared.
 *
 *   unknown ──ensure()──▶ checking ──exists──▶ done
 *                            │
 *                            └─missing──▶ creating ──▶ done   (concurrent ensure() calls await
 *                                                              the same promise)
 */
export interface OffscreenApi {
  hasDocument(): Promise<boolean>;
  createDocument(): Promise<void>;
}

export const OFFSCREEN_PATH = '/offscreen.html';

export function offscreenKeeper(api: OffscreenApi): { ensure(): Promise<void> } {
  let pending: Promise<void> | undefined;
  const ensureOnce = async (): Promise<void> => {
    if (await api.hasDocument()) return;
    try {
      await api.createDocument();
    } catch (e) {
      // Another worker instance (an update racing a wake-up) created it first: that is success.
      if (!(e instanceof Error && /single offscreen/i.test(e.message))) throw e;
    }
  };
  return {
    ensure() {
      pending ??= ensureOnce().finally(() => {
        pending = undefined;
      });
      return pending;
    },
  };
}

/**
 * The real API. Call only inside `if (!import.meta.env.FIREFOX)`, so the Firefox build, which
 * has no `chrome.offscreen`, drops it.
 */
export function chromeOffscreenApi(): OffscreenApi {
  const url = chrome.runtime.getURL(OFFSCREEN_PATH);
  return {
    async hasDocument() {
      const contexts = await chrome.runtime.getContexts({
        contextTypes: [chrome.runtime.ContextType.OFFSCREEN_DOCUMENT],
        documentUrls: [url],
      });
      return contexts.length > 0;
    },
    createDocument: () =>
      chrome.offscreen.createDocument({
        url,
        // WEB_RTC keeps the document alive: AUDIO_PLAYBACK alone is closed after 30 s of silence.
        reasons: [chrome.offscreen.Reason.WEB_RTC, chrome.offscreen.Reason.USER_MEDIA, chrome.offscreen.Reason.AUDIO_PLAYBACK],
        justification: 'Keeps the SIP registration (WebSocket) and plays call audio and the ring tone.',
      }),
  };
}
