import { describe, expect, it, vi } from 'vitest';
import { createPanelPorts, type PortLike } from '@/lib/screen-pop/panel-ports';
import { PANEL_PORT } from '@/lib/screen-pop/panel-port';
import { EMPTY_PANEL_VIEW } from '@/lib/screen-pop/panel-view';

/**
 * The host's side of the caller panels' ports (lib/screen-pop/panel-ports.ts) with fake ports:
 * the sender check the worker used to make, views and their 'drawn' acks, the self-navigation
 * rule, and nothing left behind when tabs come and go.
 */
const CRM = 'https://crm.example.com';
const EXT = 'ext-id';

function fakePort(sender: PortLike['sender'], name = PANEL_PORT) {
  const onMessage = new Set<(m: unknown) => void>();
  const onDisconnect = new Set<() => void>();
  const posted: unknown[] = [];
  const port: PortLike & { posted: unknown[]; send(m: unknown): void; close(): void; disconnected: boolean } = {
    name,
    sender,
    posted,
    disconnected: false,
    postMessage: (m) => {
      if (port.disconnected) throw new Error('disconnected');
      posted.push(m);
    },
    disconnect: () => {
      port.disconnected = true;
    },
    onMessage: { addListener: (cb) => onMessage.add(cb) },
    onDisconnect: { addListener: (cb) => onDisconnect.add(cb) },
    send: (m) => onMessage.forEach((cb) => cb(m)),
    close: () => {
      port.disconnected = true;
      onDisconnect.forEach((cb) => cb());
    },
  };
  return port;
}

function setup() {
  const listeners = new Set<(p: PortLike) => void>();
  const hello = vi.fn(async () => EMPTY_PANEL_VIEW);
  const act = vi.fn(async () => 'done');
  const counts: { ports: number; waiting: number }[] = [];
  const ports = createPanelPorts({
    onConnect: { addListener: (cb) => listeners.add(cb), removeListener: (cb) => listeners.delete(cb) },
    extensionId: EXT,
    isCrmUrl: async (url) => url !== undefined && new URL(url).origin === CRM,
    hello,
    act,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    onCounts: (c) => counts.push(c),
  });
  const connect = (sender: PortLike['sender'], name?: string) => {
    const port = fakePort(sender, name);
    for (const cb of listeners) cb(port);
    return port;
  };
  const tab = (id: number, url = `${CRM}/contacts/1`) => ({ id: EXT, url, frameId: 0, tab: { id, url, active: true, windowId: 1 } });
  return { ports, connect, tab, hello, act, counts, listeners };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('panel ports in the host', () => {
  it('takes a port only from our content script, top frame, exactly on a CRM origin', async () => {
    const { ports, connect, tab, hello } = setup();
    const refused = [
      connect({ ...tab(1), id: 'another-extension' }),
      connect({ ...tab(2), frameId: 3 }),
      connect(tab(3, 'https://crm.example.com:8443/x')), // same host, other port: another origin
      connect(tab(4, 'https://evil.example.net/crm')),
      connect({ id: EXT, url: `${CRM}/x` }), // no tab: not a content script
    ];
    const other = connect(tab(5), 'phone-page');
    await settle();
    for (const port of refused) {
      expect(port.posted).toEqual([{ t: 'refused' }]);
      expect(port.disconnected).toBe(true);
    }
    expect(other.posted).toEqual([]);
    expect(ports.tabs()).toEqual([]);
    expect(hello).not.toHaveBeenCalled();
  });

  it('answers a CRM tab with its view, pushes later ones, and hears when each is drawn', async () => {
    const { ports, connect, tab, hello } = setup();
    const port = connect(tab(7));
    await settle();
    expect(hello).toHaveBeenCalledWith(7);
    expect(port.posted).toEqual([{ t: 'view', seq: expect.any(Number), view: EMPTY_PANEL_VIEW }]);
    expect(ports.tabs().map((t) => [t.id, t.origin])).toEqual([[7, CRM]]);
    let drawn = false;
    const sent = ports.sendView(7, EMPTY_PANEL_VIEW).then(() => (drawn = true));
    const { seq } = port.posted[1] as { seq: number };
    await settle();
    expect(drawn).toBe(false);
    port.send({ t: 'drawn', seq });
    await sent;
    expect(ports.counts()).toEqual({ ports: 1, waiting: 0 });
    // Shown again: a fresh view.
    port.send({ t: 'hello' });
    await settle();
    expect(hello).toHaveBeenCalledTimes(2);
  });

  it('has a tab navigate itself only to a URL on its own origin', async () => {
    const { ports, connect, tab } = setup();
    const port = connect(tab(7));
    await settle();
    expect(ports.navigate(7, `${CRM}/contacts/42`)).toBe(true);
    expect(ports.navigate(7, 'https://search.example.com/?q=1')).toBe(false);
    expect(ports.navigate(8, `${CRM}/contacts/42`)).toBe(false);
    expect(port.posted.filter((m) => (m as { t: string }).t === 'navigate')).toEqual([{ t: 'navigate', url: `${CRM}/contacts/42` }]);
  });

  it('routes actions and answers them on the port, errors as data', async () => {
    const { connect, tab, act } = setup();
    const port = connect(tab(7));
    await settle();
    port.send({ t: 'act', id: 1, name: 'call/accept', payload: { callId: 'c1' } });
    act.mockRejectedValueOnce(Object.assign(new Error('nope'), { name: 'InvalidPayload' }));
    port.send({ t: 'act', id: 2, name: 'call/mute', payload: {} });
    await settle();
    expect(act).toHaveBeenCalledWith(7, 'call/accept', { callId: 'c1' });
    expect(port.posted.slice(1)).toEqual([
      { t: 'reply', id: 1, reply: { ok: true, value: 'done' } },
      { t: 'reply', id: 2, reply: { ok: false, error: { name: 'InvalidPayload', message: 'nope' } } },
    ]);
  });

  it('leaves no port and no waiting view behind after 100 tabs opened and closed', async () => {
    const { ports, connect, tab } = setup();
    for (let i = 0; i < 100; i += 1) {
      const port = connect(tab(100 + i));
      await settle();
      // A view the tab never acknowledges: it must not outlive the tab.
      const pending = ports.sendView(100 + i, EMPTY_PANEL_VIEW).catch((e: unknown) => e);
      port.close();
      expect(await pending).toBeInstanceOf(Error);
    }
    expect(ports.counts()).toEqual({ ports: 0, waiting: 0 });
    expect(ports.tabs()).toEqual([]);
  });

  it('a reloaded page replaces its old port; a tab that never draws cannot grow the wait list', async () => {
    const { ports, connect, tab } = setup();
    const first = connect(tab(7));
    await settle();
    connect(tab(7));
    await settle();
    expect(ports.counts().ports).toBe(1);
    first.close(); // the old page's port closing late drops nothing of the new one
    expect(ports.has(7)).toBe(true);
    const sends = Array.from({ length: 40 }, () => ports.sendView(7, EMPTY_PANEL_VIEW).catch(() => 'dropped'));
    expect(ports.counts().waiting).toBeLessThanOrEqual(16);
    expect((await Promise.all(sends.slice(0, 20))).every((r) => r === 'dropped')).toBe(true);
  });
});
