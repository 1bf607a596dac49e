import { describe, expect, it, vi } from 'vitest';
import { envelope, unwrapReply as libUnwrap } from '@/lib/messages';
import { createPanelClient, isContextInvalidated, unwrapReply, viewListener } from '@/lib/content/panel-client';
import { makeView } from './panel-fixtures';

describe('panel client', () => {
  it('sends the same envelope as lib/messages', async () => {
    const sendMessage = vi.fn(async () => ({ ok: true }));
    const client = createPanelClient({ sendMessage });
    await client.send('call/reject', { callId: 'c1', code: 603 });
    await client.send('panel/hello');
    expect(sendMessage.mock.calls[0]).toEqual([envelope('call/reject', { callId: 'c1', code: 603 })]);
    expect(sendMessage.mock.calls[1]).toEqual([{ to: 'bg', name: 'panel/hello', payload: undefined }]);
  });

  it('returns the value of an ok reply, including one whose value key was dropped', async () => {
    const view = makeView();
    const client = createPanelClient({ sendMessage: async () => ({ ok: true, value: view }) });
    await expect(client.send('panel/hello')).resolves.toEqual(view);
    expect(unwrapReply('call/accept', { ok: true })).toBeUndefined();
  });

  it('rethrows the receiver error with its name, like lib/messages', () => {
    const reply = { ok: false, error: { name: 'ForbiddenSender', message: 'not from here' } };
    const ours = catchError(() => unwrapReply('call/accept', reply));
    const theirs = catchError(() => libUnwrap('call/accept', reply));
    expect(ours).toMatchObject({ name: 'ForbiddenSender', message: 'not from here' });
    expect({ name: ours.name, message: ours.message }).toEqual({ name: theirs.name, message: theirs.message });
  });

  it.each([undefined, null, 'ok', { ok: 'yes' }, { ok: false }, { ok: false, error: 'x' }])('treats %j as no answer', (reply) => {
    expect(() => unwrapReply('call/hangup', reply)).toThrow(/call\/hangup: no receiver answered/);
  });

  it('recognises a dead extension', () => {
    expect(isContextInvalidated(new Error('Extension context invalidated.'), 'ext')).toBe(true);
    expect(isContextInvalidated(new Error('whatever'), undefined)).toBe(true);
    expect(isContextInvalidated(new Error('no handler'), 'ext')).toBe(false);
  });
});

describe('panel/view listener', () => {
  const sender = { id: 'ext' };
  function setup() {
    const onView = vi.fn();
    return { onView, listen: viewListener(() => 'ext', onView) };
  }

  it('applies a valid view from our extension and answers ok, at once', () => {
    const { onView, listen } = setup();
    const view = makeView();
    expect(listen({ to: 'content', name: 'panel/view', payload: view }, sender)).toEqual({ ok: true, value: undefined });
    expect(onView).toHaveBeenCalledWith(view);
    expect(libUnwrap('panel/view', listen({ to: 'content', name: 'panel/view', payload: view }, sender))).toBeUndefined();
  });

  it('stays silent for messages addressed elsewhere', () => {
    const { listen } = setup();
    expect(listen({ to: 'bg', name: 'panel/view', payload: makeView() }, sender)).toBeUndefined();
    expect(listen('junk', sender)).toBeUndefined();
  });

  it('refuses another sender, a bad payload and unknown names', () => {
    const { onView, listen } = setup();
    expect(listen({ to: 'content', name: 'panel/view', payload: makeView() }, { id: 'other' })).toMatchObject({
      ok: false,
      error: { name: 'ForbiddenSender' },
    });
    expect(listen({ to: 'content', name: 'panel/view', payload: makeView() }, {})).toMatchObject({ ok: false });
    expect(listen({ to: 'content', name: 'panel/view', payload: { calls: 'x' } }, sender)).toMatchObject({
      ok: false,
      error: { name: 'InvalidPayload' },
    });
    expect(listen({ to: 'content', name: 'panel/other' }, sender)).toMatchObject({ ok: false, error: { name: 'UnknownMessage' } });
    expect(onView).not.toHaveBeenCalled();
  });

  it('refuses everything once the extension is gone', () => {
    const listen = viewListener(() => undefined, vi.fn());
    expect(listen({ to: 'content', name: 'panel/view', payload: makeView() }, sender)).toMatchObject({ ok: false });
  });
});

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('did not throw');
}
