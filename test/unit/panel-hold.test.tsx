// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PanelApp } from '@/components/panel/panel-app';
import type { PanelActions } from '@/components/panel/panel-actions';
import { pickCall } from '@/lib/content/pick-call';
import type { PanelCall } from '@/lib/screen-pop/panel-view';
import { makePanelCall, makeView } from './panel-fixtures';

function actions(overrides: Partial<PanelActions> = {}): PanelActions {
  return {
    accept: vi.fn(async () => {}), decline: vi.fn(async () => {}), hangup: vi.fn(async () => {}), mute: vi.fn(async () => {}),
    hold: vi.fn(async () => {}), dtmf: vi.fn(async () => {}), dismiss: vi.fn(async () => {}), openRecord: vi.fn(async () => {}),
    place: vi.fn(async () => {}),
    transfer: vi.fn(async () => {}), consult: vi.fn(async () => {}), completeTransfer: vi.fn(async () => {}), cancelTransfer: vi.fn(async () => {}),
    ...overrides,
  };
}
function show(calls: PanelCall[], a = actions()) {
  const view = makeView({ calls });
  render(<PanelApp shape={pickCall(view)} place={view.place} actions={a} isRealInput={() => true} />);
  return a;
}
const main = () => document.querySelector<HTMLElement>('section[data-part="panel"]')!;
afterEach(cleanup);

describe('caller panel: hold, keypad, call waiting', () => {
  it('Hold asks to hold; the panel shows held only when the view says so (never from the click)', async () => {
    const a = show([makePanelCall({ state: 'active', answeredAt: 1 })]);
    fireEvent.click(screen.getByRole('button', { name: 'Hold' }));
    await waitFor(() => expect(a.hold).toHaveBeenCalledWith('call-1', true));
    expect(main().dataset.hold).toBeUndefined();
    expect(screen.queryByRole('button', { name: 'Resume' })).toBeNull();
  });

  it('holding: the button says so and is disabled; held: Resume and the title says On hold', async () => {
    show([makePanelCall({ state: 'active', answeredAt: 1, hold: 'holding' })]);
    expect(screen.getByRole('button', { name: 'Holding…' }).hasAttribute('disabled')).toBe(true);
    cleanup();
    const a = show([makePanelCall({ state: 'active', answeredAt: 1, hold: 'held' })]);
    expect(main().dataset.hold).toBe('held');
    expect(within(main()).getByText('On hold')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Resume' }));
    await waitFor(() => expect(a.hold).toHaveBeenCalledWith('call-1', false));
  });

  it('a failed hold is shown as the phone reported it; a refused request shows its error', async () => {
    show([makePanelCall({ state: 'active', answeredAt: 1, holdError: 'Hold failed: 488 Not Acceptable Here' })]);
    expect(document.querySelector('[data-field="hold-error"]')?.textContent).toBe('Hold failed: 488 Not Acceptable Here');
    cleanup();
    show([makePanelCall({ state: 'active', answeredAt: 1 })], actions({ hold: vi.fn(async () => { throw new Error('Hold failed: 408 Request Timeout'); }) }));
    fireEvent.click(screen.getByRole('button', { name: 'Hold' }));
    await waitFor(() => expect(document.querySelector('[data-field="action-error"]')?.textContent).toBe('Hold failed: 408 Request Timeout'));
  });

  it('the keypad sends each key as pressed and shows what was sent', async () => {
    const a = show([makePanelCall({ state: 'active', answeredAt: 1 })]);
    fireEvent.click(screen.getByRole('button', { name: 'Keypad' }));
    const pad = screen.getByRole('group', { name: 'Keypad' });
    fireEvent.click(within(pad).getByRole('button', { name: '1' }));
    await waitFor(() => expect(a.dtmf).toHaveBeenCalledWith('call-1', '1'));
    fireEvent.click(within(pad).getByRole('button', { name: '#' }));
    await waitFor(() => expect(document.querySelector('[data-field="dtmf-sent"]')?.textContent).toBe('Sent: 1#'));
  });

  it('call waiting: the ringing second call is the main panel, the first shows below with Hold and Hang up', async () => {
    const first = makePanelCall({ id: 'first', state: 'active', answeredAt: 1, notification: { ...makePanelCall().notification, number: '07700900001' } });
    const second = makePanelCall({ id: 'second', state: 'ringing', notification: { ...makePanelCall().notification, number: '07700900002' } });
    const a = show([second, first]);
    expect(main().dataset.callId).toBe('second');
    const other = document.querySelector<HTMLElement>('[data-part="other-call"]')!;
    expect(other.dataset.callId).toBe('first');
    fireEvent.click(within(other).getByRole('button', { name: 'Hold' }));
    await waitFor(() => expect(a.hold).toHaveBeenCalledWith('first', true));
  });

  it('after the swap: the call talking is the main panel and the held one offers Resume', async () => {
    const held = makePanelCall({ id: 'first', state: 'active', answeredAt: 1, hold: 'held' });
    const talking = makePanelCall({ id: 'second', state: 'active', answeredAt: 2 });
    const a = show([held, talking]);
    expect(main().dataset.callId).toBe('second');
    const other = document.querySelector<HTMLElement>('[data-part="other-call"]')!;
    expect(other.dataset.hold).toBe('held');
    fireEvent.click(within(other).getByRole('button', { name: 'Resume' }));
    await waitFor(() => expect(a.hold).toHaveBeenCalledWith('first', false));
  });
});
