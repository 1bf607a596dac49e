import { describe, expect, it } from 'vitest';
import { focusBreaksTie, isCrmUrl, listCrmTabs, mostRecentTab, stillCrmTab, webOrigin, type CrmTab } from '@/lib/screen-pop/crm-tabs';
import { serialQueue } from '@/lib/screen-pop/serial-queue';
import { fakeTabs } from './screen-pop-fakes';

const tab = (id: number, extra: Partial<CrmTab> = {}): CrmTab => ({ id, active: false, windowId: 1, ...extra });

describe('CRM tabs', () => {
  it('matches exact origins only (ports count, other schemes do not)', () => {
    const origins = ['https://crm.example.com'];
    expect(isCrmUrl('https://crm.example.com/contacts?q=1', origins)).toBe(true);
    expect(isCrmUrl('https://crm.example.com:8443/', origins)).toBe(false);
    expect(isCrmUrl('http://crm.example.com/', origins)).toBe(false);
    expect(isCrmUrl('https://crm.example.com.evil.net/', origins)).toBe(false);
    expect(isCrmUrl(undefined, origins)).toBe(false);
    expect(webOrigin('javascript:alert(1)')).toBeNull();
    expect(webOrigin('not a url')).toBeNull();
  });

  it('queries by match pattern and keeps the tabs on the exact origin', async () => {
    const tabs = fakeTabs();
    const on = tabs.open('http://127.0.0.1:8080/crm');
    tabs.open('http://127.0.0.1:9999/other-port');
    tabs.open('https://mail.example.org/');
    const found = await listCrmTabs(tabs.api, ['http://127.0.0.1:8080']);
    expect(tabs.api.query).toHaveBeenCalledWith({ url: ['http://127.0.0.1/*'] });
    expect(found.map((t) => t.id)).toEqual([on]);
    expect(await listCrmTabs(tabs.api, [])).toEqual([]);
  });

  it('falls back to filtering all tabs when the browser refuses a url query', async () => {
    const tabs = fakeTabs();
    const on = tabs.open('https://crm.example.com/a');
    tabs.open('https://mail.example.org/');
    tabs.api.query.mockRejectedValueOnce(new Error('The "tabs" permission is required to use the query API with the "url" or "title" parameters'));
    expect((await listCrmTabs(tabs.api, ['https://crm.example.com'])).map((t) => t.id)).toEqual([on]);
    expect(tabs.api.query).toHaveBeenLastCalledWith({});
  });

  it('most recent: lastAccessed, then the active tab of the focused window, then any active tab', () => {
    expect(mostRecentTab([tab(1, { lastAccessed: 5 }), tab(2, { lastAccessed: 9 }), tab(3, { lastAccessed: 7 })], 1)?.id).toBe(2);
    // No lastAccessed (older browsers): the focused window's active tab.
    expect(mostRecentTab([tab(1, { active: true, windowId: 2 }), tab(2), tab(3, { active: true, windowId: 1 })], 1)?.id).toBe(3);
    expect(mostRecentTab([tab(1), tab(2, { active: true, windowId: 2 })], 1)?.id).toBe(2);
    expect(mostRecentTab([], 1)).toBeUndefined();
  });

  it('the focused window is needed only when the highest lastAccessed is shared (or missing)', () => {
    expect(focusBreaksTie([tab(1, { lastAccessed: 5 }), tab(2, { lastAccessed: 9 }), tab(3, { lastAccessed: 7 })])).toBe(false);
    expect(focusBreaksTie([tab(1, { lastAccessed: 9 })])).toBe(false);
    expect(focusBreaksTie([])).toBe(false);
    expect(focusBreaksTie([tab(1, { lastAccessed: 9 }), tab(2, { lastAccessed: 9 }), tab(3, { lastAccessed: 7 })])).toBe(true);
    expect(focusBreaksTie([tab(1), tab(2, { active: true, windowId: 2 })])).toBe(true);
    // Whenever it is not needed, any focused window gives the same pick.
    const tabs = [tab(1, { lastAccessed: 5, active: true, windowId: 1 }), tab(2, { lastAccessed: 9, windowId: 2 })];
    expect(focusBreaksTie(tabs)).toBe(false);
    expect([1, 2, undefined].map((w) => mostRecentTab(tabs, w)?.id)).toEqual([2, 2, 2]);
  });

  it('a remembered tab stays the panel tab while open on the CRM or still loading', async () => {
    const tabs = fakeTabs();
    const origins = ['https://crm.example.com'];
    const loading = tabs.open('about:blank', { status: 'loading' });
    const pending = tabs.open('', { pendingUrl: 'https://crm.example.com/x' });
    const away = tabs.open('https://elsewhere.example.org/', { status: 'complete' });
    expect(await stillCrmTab(tabs.api, loading, [], origins)).toBe(true);
    expect(await stillCrmTab(tabs.api, pending, [], origins)).toBe(true);
    expect(await stillCrmTab(tabs.api, away, [], origins)).toBe(false);
    expect(await stillCrmTab(tabs.api, 999, [], origins)).toBe(false);
  });
});

describe('serial queue', () => {
  it('runs tasks one at a time, in order, and goes on after a failure', async () => {
    const run = serialQueue();
    const order: string[] = [];
    let inFlight = 0;
    const task = (name: string, fail = false) => async () => {
      inFlight++;
      expect(inFlight).toBe(1);
      await new Promise((r) => setTimeout(r, 2));
      order.push(name);
      inFlight--;
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([run(task('a')), run(task('b', true)), run(task('c'))]);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
