import { originMatchPattern } from '../settings/derived';
import type { TabInfo, TabsApi } from './platform';

/** A tab with a known id (tabs.query may return some without, e.g. devtools). */
export type CrmTab = TabInfo & { id: number };

/** 'https://crm.example.com:8443' for any URL on that site; null for nothing parseable or not http(s). */
export function webOrigin(url: string | undefined): string | null {
  if (url === undefined || url === '') return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

export function isCrmUrl(url: string | undefined, origins: readonly string[]): boolean {
  const origin = webOrigin(url);
  return origin !== null && origins.includes(origin);
}

/**
 * The open tabs on a CRM origin. The match patterns carry no port (see originMatchPattern), so
 * the exact origin is checked again here.
 */
export async function listCrmTabs(tabs: TabsApi, origins: readonly string[]): Promise<CrmTab[]> {
  if (origins.length === 0) return [];
  let found: TabInfo[];
  try {
    found = await tabs.query({ url: [...new Set(origins.map(originMatchPattern))] });
  } catch {
    // Some Firefox versions refuse a `url` query without the "tabs" permission, although host
    // permissions reveal tab URLs (Firefox bug 1603981 / 1679688): filter all tabs here instead.
    found = await tabs.query({});
  }
  return crmTabsAmong(found, origins);
}

/** The tabs of `found` on a CRM origin (from listCrmTabs, or the open tabs tab-watch.ts keeps). */
export function crmTabsAmong(found: readonly TabInfo[], origins: readonly string[]): CrmTab[] {
  return found.filter((tab): tab is CrmTab => tab.id !== undefined && isCrmUrl(tab.url, origins));
}

/**
 * The CRM tab the agent used last: highest lastAccessed; on a tie (or a browser without it),
 * the active tab of the focused window, then any active tab.
 */
export function mostRecentTab(tabs: readonly CrmTab[], focusedWindowId: number | undefined): CrmTab | undefined {
  const score = (tab: CrmTab): [number, number] => [
    tab.lastAccessed ?? 0,
    tab.active ? (tab.windowId === focusedWindowId ? 2 : 1) : 0,
  ];
  let best: CrmTab | undefined;
  for (const tab of tabs) {
    if (best === undefined) {
      best = tab;
      continue;
    }
    const [a1, a2] = score(tab);
    const [b1, b2] = score(best);
    if (a1 > b1 || (a1 === b1 && a2 > b2)) best = tab;
  }
  return best;
}

/**
 * Whether the focused window can change mostRecentTab's pick: only when two or more tabs share
 * the highest lastAccessed (or the browser reports none). Asking the browser for the focused
 * window costs 1-4 ms in front of the record pop, so it is asked only then.
 */
export function focusBreaksTie(tabs: readonly CrmTab[]): boolean {
  const max = Math.max(...tabs.map((tab) => tab.lastAccessed ?? 0));
  return tabs.filter((tab) => (tab.lastAccessed ?? 0) === max).length > 1;
}

/**
 * Whether a remembered panel tab can still show the panel: open and on the CRM, or still
 * loading (a tab just created by a pop has no committed URL yet; Firefox reports about:blank).
 */
export async function stillCrmTab(tabs: TabsApi, tabId: number, crmTabs: readonly CrmTab[], origins: readonly string[]): Promise<boolean> {
  if (crmTabs.some((tab) => tab.id === tabId)) return true;
  try {
    const tab = await tabs.get(tabId);
    return isCrmUrl(tab.url, origins) || isCrmUrl(tab.pendingUrl, origins) || tab.status === 'loading';
  } catch {
    return false; // closed
  }
}
