import { buildRecordUrl } from '@/lib/crm';
import { listCrmTabs, mostRecentTab } from '@/lib/screen-pop/crm-tabs';
import type { TabsApi, WindowsApi } from '@/lib/screen-pop/platform';
import { crmOrigins } from '@/lib/settings/derived';
import type { Settings } from '@/lib/settings/schema';
import type { HistoryEntry } from './history-entry';

export type RepopSettings = Pick<Settings, 'recordUrlTemplate' | 'searchUrlTemplate' | 'popTarget'>;

/**
 * 'Open record' from the history: the record URL is built again from the stored call with the
 * templates in force now (a CRM moved since still works), and opened the way 'Open record' in the
 * panel does: into the CRM tab used last (popTarget reuse-tab), else a new tab; then focused.
 * The call is long gone from the screen pop's memory, so nothing there is touched.
 */
export async function repopRecord(
  entry: HistoryEntry,
  settings: RepopSettings,
  deps: { tabs: TabsApi; windows: WindowsApi },
): Promise<{ url: string; tabId?: number }> {
  const record = buildRecordUrl(settings, entry.notification);
  if (!record.ok) throw new Error(record.error);
  const reuse = settings.popTarget === 'reuse-tab' ? mostRecentTab(await listCrmTabs(deps.tabs, crmOrigins(settings)), undefined) : undefined;
  const tab = reuse !== undefined
    ? ((await deps.tabs.update(reuse.id, { url: record.url, active: true })) ?? reuse)
    : await deps.tabs.create({ url: record.url, active: true });
  if (tab.windowId !== undefined) await deps.windows.update(tab.windowId, { focused: true }).catch(() => {});
  return { url: record.url, ...(tab.id !== undefined && { tabId: tab.id }) };
}
