import { describe, expect, it, vi } from 'vitest';
import { dialBack } from '@/lib/history/call-back';
import type { HistoryEntry } from '@/lib/history/history-entry';
import { repopRecord } from '@/lib/history/repop';
import { checkWrapUp, cleanNote } from '@/lib/history/wrap-up-input';
import type { TabInfo, TabsApi } from '@/lib/screen-pop/platform';
import { makeCall } from './phone-host-fixtures';

const entry: HistoryEntry = { id: 'e1', callId: 'c1', source: 'sip', direction: 'inbound', notification: makeCall().notification, outcome: 'missed', startedAt: 1 };
const templates = { recordUrlTemplate: 'https://crm.example.com/contacts/{contact_ref}', searchUrlTemplate: 'https://crm.example.com/search?q={number}' };

function fakeTabs(open: TabInfo[]): TabsApi {
  return {
    query: vi.fn(async () => open),
    get: vi.fn(async (id: number) => open.find((t) => t.id === id)!),
    update: vi.fn(async (id: number, props: { url: string }) => ({ ...open.find((t) => t.id === id)!, url: props.url })),
    create: vi.fn(async (props: { url: string }) => ({ id: 99, windowId: 1, active: true, url: props.url })),
  };
}

describe('re-pop from the history', () => {
  it('builds the record URL with the current templates and reuses the CRM tab used last', async () => {
    const tabs = fakeTabs([
      { id: 1, windowId: 1, active: false, url: 'https://crm.example.com/', lastAccessed: 5 },
      { id: 2, windowId: 1, active: true, url: 'https://other.example.org/', lastAccessed: 9 },
      { id: 3, windowId: 1, active: false, url: 'https://crm.example.com/x', lastAccessed: 7 },
    ]);
    const windows = { update: vi.fn(async () => ({})), getLastFocused: vi.fn(async () => ({ id: 1 })) };
    expect(await repopRecord(entry, { ...templates, popTarget: 'reuse-tab' }, { tabs, windows })).toEqual({ url: 'https://crm.example.com/contacts/ACC-42', tabId: 3 });
    expect(tabs.update).toHaveBeenCalledWith(3, { url: 'https://crm.example.com/contacts/ACC-42', active: true });
    expect(windows.update).toHaveBeenCalledWith(1, { focused: true });
  });

  it('opens a new tab with none open (or new-tab), and says why when no URL can be built', async () => {
    const tabs = fakeTabs([]);
    const windows = { update: vi.fn(async () => ({})), getLastFocused: vi.fn(async () => ({})) };
    const noRef = { ...entry, notification: { ...entry.notification, contactRef: '' } };
    expect(await repopRecord(noRef, { ...templates, popTarget: 'reuse-tab' }, { tabs, windows })).toMatchObject({ url: 'https://crm.example.com/search?q=07700900123', tabId: 99 });
    await expect(repopRecord(entry, { recordUrlTemplate: '', searchUrlTemplate: '', popTarget: 'new-tab' }, { tabs, windows })).rejects.toThrow(/No CRM record URL template/);
  });
});

describe('call back', () => {
  it('sends call/dial with the number and reports a worker without it as unavailable', async () => {
    const send = vi.fn(async () => ({ ok: false, error: { name: 'UnknownMessage', message: 'no handler for call/dial' } }));
    expect(await dialBack('07700900123', send)).toEqual({ ok: false, unavailable: true, error: 'no handler for call/dial' });
    expect(send).toHaveBeenCalledWith({ to: 'bg', name: 'call/dial', payload: { number: '07700900123' } });
    expect(await dialBack('1', async () => ({ ok: true, value: { callId: 'x' } }))).toEqual({ ok: true });
    expect(await dialBack('1', async () => ({ ok: false, error: { name: 'Error', message: 'busy' } }))).toEqual({ ok: false, unavailable: false, error: 'busy' });
  });
});

describe('wrap-up input', () => {
  it('keeps line breaks, drops control and bidi characters, caps the note', () => {
    expect(cleanNote(' a\r\nb\u0007\u202ec ')).toBe('a\nbc');
    expect(cleanNote('x'.repeat(2_000))).toHaveLength(1_000);
  });

  it('takes only an offered disposition, or none', () => {
    expect(checkWrapUp(' Resolved ', 'n', ['Resolved'])).toEqual({ ok: true, disposition: 'Resolved', note: 'n' });
    expect(checkWrapUp('', 'n', [])).toEqual({ ok: true, disposition: '', note: 'n' });
    expect(checkWrapUp('Other', '', ['Resolved'])).toMatchObject({ ok: false });
  });
});
