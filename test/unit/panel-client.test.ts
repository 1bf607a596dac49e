import { describe, expect, it, vi } from 'vitest';
import { envelope, unwrapReply as libUnwrap } from '@/lib/messages';
import { createPanelClient, isContextInvalidated, unwrapReply } from '@/lib/content/panel-client';
import { makeView } from './panel-fixtures';

describe('panel client', () => {
  it('sends the same envelope as lib/messages', async () => {
    const sendMessage = vi.fn(async () => ({ ok: true }));
    const client = createPanelClient({ sendMessage });
    await client.send('call/reject', { callId: 'c1', code: 603 });
    expect(sendMessage.mock.calls[0]).toEqual([envelope('call/reject', { callId: 'c1', code: 603 })]);
  });

  it('returns the value of an ok reply, including one whose value key was dropped', async () => {
    const client = createPanelClient({ sendMessage: async () => ({ ok: true, value: 'x' }) });
    await expect(client.send('call/accept', { callId: 'c1' })).resolves.toBe('x');
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

describe('panel client with its port', () => {
  const port = (connected: boolean) => ({
    hello: vi.fn(async () => makeView()),
    act: vi.fn(async () => ({ ok: true, value: 'from the port' })),
    connected: () => connected,
  });

  it('asks the port for the view and sends actions down it while it is connected', async () => {
    const sendMessage = vi.fn(async () => ({ ok: true }));
    const p = port(true);
    const client = createPanelClient({ sendMessage }, p);
    await expect(client.send('panel/hello')).resolves.toEqual(makeView());
    await expect(client.send('call/accept', { callId: 'c1' })).resolves.toBe('from the port');
    await client.send('panel/place', { dock: 'top-left', dx: 0, dy: 0 });
    expect(p.act).toHaveBeenCalledWith('call/accept', { callId: 'c1' });
    expect(sendMessage).not.toHaveBeenCalled();
  });

  it("takes the worker's route for call controls while the port is down, and only for them", async () => {
    const sendMessage = vi.fn(async () => ({ ok: true }));
    const p = port(false);
    p.act.mockRejectedValue(new Error('no port to the phone page'));
    const client = createPanelClient({ sendMessage }, p);
    await client.send('call/reject', { callId: 'c1', code: 603 });
    expect(sendMessage).toHaveBeenCalledWith(envelope('call/reject', { callId: 'c1', code: 603 }));
    await expect(client.send('panel/prefilled', { callId: 'c1', ok: true })).rejects.toThrow(/no port/);
    expect(sendMessage).toHaveBeenCalledTimes(1);
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
