import type { TabsApi, WindowsApi } from '@/lib/screen-pop/platform';
import type { Settings } from '@/lib/settings/schema';
import type { CallHistory, EntryRef } from './call-history';
import type { WrapUpStatus } from './history-entry';
import { repopRecord, type RepopSettings } from './repop';

/** What the worker's router (lib/phone-host/background-router.ts) does for the history messages. */
export interface HistoryRoutes extends Pick<CallHistory, 'markSeen' | 'clear' | 'saveWrapUp' | 'retryWebhook' | 'find'> {
  repop(entryId: string): Promise<void>;
  wrapUpStatus(ref: EntryRef): Promise<WrapUpStatus>;
}

export function historyRoutes(
  history: CallHistory,
  deps: { loadSettings: () => Promise<RepopSettings & Pick<Settings, 'dispositions' | 'wrapUpTimerSec'>>; tabs: TabsApi; windows: WindowsApi },
): HistoryRoutes {
  return {
    markSeen: () => history.markSeen(),
    clear: () => history.clear(),
    saveWrapUp: (ref, disposition, note) => history.saveWrapUp(ref, disposition, note),
    retryWebhook: (ref) => history.retryWebhook(ref),
    find: (ref) => history.find(ref),
    async wrapUpStatus(ref) {
      const [entry, settings] = await Promise.all([history.find(ref), deps.loadSettings()]);
      return { wrapUp: entry?.wrapUp ?? null, dispositions: [...settings.dispositions], timerSec: settings.wrapUpTimerSec };
    },
    async repop(entryId) {
      const entry = await history.find({ entryId });
      if (entry === undefined) throw new Error('The call is no longer in the history');
      await repopRecord(entry, await deps.loadSettings(), deps);
    },
  };
}
