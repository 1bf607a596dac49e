// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { createPanelController, type PanelScreen } from '@/lib/content/panel-controller';
import type { PanelClient } from '@/lib/content/panel-client';
import type { PanelView } from '@/lib/screen-pop/panel-view';
import { makePanelCall, makeView } from './panel-fixtures';

type Sent = [name: string, payload?: unknown];

function setup(options: { hello?: PanelView; fail?: Record<string, Error>; runtimeId?: string | undefined } = {}) {
  const sent: Sent[] = [];
  const client: PanelClient = {
    send: vi.fn(async (name: string, payload?: unknown) => {
      sent.push(payload === undefined ? [name] : [name, payload]);
      const error = options.fail?.[name];
      if (error) throw error;
      return (name === 'panel/hello' ? (options.hello ?? makeView()) : undefined) as never;
    }) as PanelClient['send'],
  };
  const screens: PanelScreen[] = [];
  const onDead = vi.fn();
  const prefill = vi.fn(async () => ({ ok: true as const }));
  const controller = createPanelController({
    client,
    doc: document,
    runtimeId: () => ('runtimeId' in options ? options.runtimeId : 'ext'),
    render: (screen) => screens.push(screen),
    onDead,
    prefill,
  });
  return { controller, sent, screens, onDead, prefill, last: () => screens.at(-1) };
}

describe('panel controller', () => {
  it('asks the worker for the view on hello and shows it', async () => {
    const t = setup({ hello: makeView({ calls: [makePanelCall({ id: 'a' })] }) });
    await t.controller.hello();
    expect(t.sent).toEqual([['panel/hello']]);
    expect(t.last()).toMatchObject({ shape: { kind: 'panel', call: { id: 'a' } }, place: { dock: 'bottom-right' } });
  });

  it('ignores a hello answer that is older than a view pushed meanwhile', async () => {
    const t = setup({ hello: makeView({ calls: [] }) });
    const pending = t.controller.hello();
    t.controller.apply(makeView({ calls: [makePanelCall({ id: 'pushed' })] }));
    await pending;
    expect(t.last()?.shape?.call.id).toBe('pushed');
  });

  it('keeps one hello in flight: asks made meanwhile share one more request after it', async () => {
    let release: (() => void)[] = [];
    const client = { sent: 0 };
    const slow = createPanelController({
      client: {
        send: (async (name: string) => {
          client.sent += 1;
          await new Promise<void>((resolve) => release.push(resolve));
          return name === 'panel/hello' ? makeView() : undefined;
        }) as PanelClient['send'],
      },
      doc: document,
      runtimeId: () => 'ext',
      render: () => {},
      onDead: () => {},
    });
    const first = slow.hello();
    const asks = Array.from({ length: 1000 }, () => slow.hello());
    expect(client.sent).toBe(1);
    release.splice(0).forEach((r) => r());
    await first;
    await vi.waitFor(() => expect(client.sent).toBe(2));
    release.splice(0).forEach((r) => r());
    await Promise.all(asks);
    expect(client.sent).toBe(2);
    // Idle again: the next ask sends at once.
    const later = slow.hello();
    expect(client.sent).toBe(3);
    release.splice(0).forEach((r) => r());
    await later;
    release = [];
  });

  it('removes the panel when the view has nothing for this tab', () => {
    const t = setup();
    t.controller.apply(makeView());
    t.controller.apply(makeView({ calls: [] }));
    expect(t.last()?.shape).toBeNull();
  });

  it('sends the call controls with the right payloads (Decline is 603)', async () => {
    const t = setup();
    await t.controller.actions.accept('c1');
    await t.controller.actions.decline('c1');
    await t.controller.actions.mute('c1', true);
    await t.controller.actions.hangup('c1');
    await t.controller.actions.openRecord('c1');
    await t.controller.actions.place({ dock: 'top-left', dx: 10, dy: 20 });
    expect(t.sent).toEqual([
      ['call/accept', { callId: 'c1' }],
      ['call/reject', { callId: 'c1', code: 603 }],
      ['call/mute', { callId: 'c1', muted: true }],
      ['call/hangup', { callId: 'c1' }],
      ['panel/open-record', { callId: 'c1' }],
      ['panel/place', { dock: 'top-left', dx: 10, dy: 20 }],
    ]);
  });

  it('hides a dismissed call once the worker agreed, and shows the next one', async () => {
    const t = setup();
    const ended = makePanelCall({ id: 'old', state: 'ended', endReason: 'missed' });
    const older = makePanelCall({ id: 'older', state: 'ended', endReason: 'declined' });
    t.controller.apply(makeView({ calls: [ended, older] }));
    await t.controller.actions.dismiss('old');
    expect(t.sent).toContainEqual(['panel/dismiss', { callId: 'old' }]);
    expect(t.last()?.shape?.call.id).toBe('older');
  });

  it('keeps the call when the worker refuses the dismissal', async () => {
    const t = setup({ fail: { 'panel/dismiss': new Error('unknown call') } });
    t.controller.apply(makeView({ calls: [makePanelCall({ id: 'old', state: 'ended', endReason: 'missed' })] }));
    await expect(t.controller.actions.dismiss('old')).rejects.toThrow('unknown call');
    expect(t.last()?.shape?.call.id).toBe('old');
  });

  it('prefills once per call and reports the outcome', async () => {
    const t = setup();
    const order = { callId: 'c1', selector: '#q', value: 'ACC-42', submit: true };
    t.controller.apply(makeView({ prefill: order }));
    t.controller.apply(makeView({ prefill: order }));
    await vi.waitFor(() => expect(t.sent).toContainEqual(['panel/prefilled', { callId: 'c1', ok: true }]));
    expect(t.prefill).toHaveBeenCalledOnce();
    expect(t.prefill).toHaveBeenCalledWith(document, order);
    expect(t.sent.filter(([name]) => name === 'panel/prefilled')).toHaveLength(1);
  });

  it('reports a failed prefill with its reason, capped to what the worker accepts', async () => {
    const t = setup();
    t.prefill.mockResolvedValueOnce({ ok: false, error: `no element matches ${'#x'.repeat(400)}` } as never);
    t.controller.apply(makeView({ prefill: { callId: 'c2', selector: '#x', value: 'v', submit: false } }));
    await vi.waitFor(() => expect(t.sent.some(([name]) => name === 'panel/prefilled')).toBe(true));
    const [, payload] = t.sent.find(([name]) => name === 'panel/prefilled')!;
    expect(payload).toMatchObject({ callId: 'c2', ok: false, error: expect.stringMatching(/^no element matches/) });
    expect((payload as { error: string }).error.length).toBeLessThanOrEqual(500);
  });

  it('tears down quietly when the extension is gone', async () => {
    const t = setup({ fail: { 'call/accept': new Error('Extension context invalidated.'), 'panel/hello': new Error('Extension context invalidated.') } });
    await expect(t.controller.actions.accept('c1')).rejects.toThrow();
    await t.controller.hello();
    expect(t.onDead).toHaveBeenCalledTimes(2);
  });

  it('does not treat an ordinary refusal as a dead extension', async () => {
    const t = setup({ fail: { 'call/accept': new Error('no such call') } });
    await expect(t.controller.actions.accept('c1')).rejects.toThrow('no such call');
    expect(t.onDead).not.toHaveBeenCalled();
  });
});
