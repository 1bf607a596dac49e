import type { TabsApi, WindowsApi } from '@/lib/screen-pop/platform';
import type { CallHistory } from './call-history';
import { repopRecord, type RepopSettings } from './repop';

/** What the worker's router (lib/phone-host/background-router.ts) does for the history messages. */
export interface HistoryRoutes extends Pick<CallHistory, 'markSeen' | 'clear' | 'saveWrapUp' | 'retryWebhook' | 'find'> {
  repop(entryId: string): Promise<void>;
}

export function historyRoutes(
  history: CallHistory,
  deps: { loadSettings: () => Promise<RepopSettings>; tabs: TabsApi; windows: WindowsApi },
): HistoryRoutes {
  return {
    markSeen: () => history.markSeen(),
    clear: () => history.clear(),
    saveWrapUp: (ref, disposition, note) => history.saveWrapUp(ref, disposition, note),
    retryWebhook: (ref) => history.retryWebhook(ref),
    find: (ref) => history.find(ref),
    async repop(entryId) {
      const entry = await history.find({ entryId });
      if (entry === undefined) throw new Error('The call is no longer in the history');
      await repopRecord(entry, await deps.loadSettings(), deps);
    },
  };
}
