// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { InputGate } from '@/components/panel/input-gate';
import { PanelApp } from '@/components/panel/panel-app';
import type { PanelActions } from '@/components/panel/panel-actions';
import type { WrapUp, WrapUpStatus } from '@/lib/history/history-entry';
import { pickCall } from '@/lib/content/pick-call';
import type { PanelCall } from '@/lib/screen-pop/panel-view';
import { makePanelCall, makeView } from './panel-fixtures';

const testInput: InputGate = () => true;
const ENDED = 1_700_000_100_000;

function actionsWith(status: WrapUpStatus, saved?: Partial<WrapUp>) {
  return {
    accept: vi.fn(async () => {}),
    decline: vi.fn(async () => {}),
    hangup: vi.fn(async () => {}),
    mute: vi.fn(async () => {}),
    dismiss: vi.fn(async () => {}),
    openRecord: vi.fn(async () => {}),
    place: vi.fn(async () => {}),
    hold: vi.fn(async () => {}), dtmf: vi.fn(async () => {}),
    transfer: vi.fn(async () => {}), consult: vi.fn(async () => {}), completeTransfer: vi.fn(async () => {}), cancelTransfer: vi.fn(async () => {}),
    wrapUpStatus: vi.fn(async () => status),
    wrapUp: vi.fn(async (_id: string, disposition: string, note: string): Promise<WrapUp> => ({ disposition, note, savedAt: 1, ...saved })),
  } satisfies PanelActions;
}

function show(call: PanelCall, actions: PanelActions) {
  const view = makeView({ calls: [call] });
  render(<PanelApp shape={pickCall(view)} place={view.place} actions={actions} isRealInput={testInput} />);
}
const ended = (overrides: Partial<PanelCall> = {}) => makePanelCall({ state: 'ended', endReason: 'caller-hung-up', answeredAt: ENDED - 60_000, endedAt: ENDED, ...overrides });

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('caller panel wrap-up', () => {
  it('offers the admin’s dispositions and a note, and saves them for the call', async () => {
    const actions = actionsWith({ wrapUp: null, dispositions: ['Resolved', 'Callback'], timerSec: 0 });
    show(ended(), actions);
    const select = await screen.findByRole('combobox');
    expect([...select.querySelectorAll('option')].map((o) => o.textContent)).toEqual(['(none)', 'Resolved', 'Callback']);
    fireEvent.change(select, { target: { value: 'Callback' } });
    fireEvent.input(screen.getByRole('textbox'), { target: { value: 'ring back at 3' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save wrap-up' }));
    await waitFor(() => expect(actions.wrapUp).toHaveBeenCalledWith('call-1', 'Callback', 'ring back at 3'));
    expect(actions.wrapUpStatus).toHaveBeenCalledWith('call-1');
    await screen.findByText('Saved');
  });

  it('shows a failing webhook and keeps asking until it is delivered', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const failing: WrapUp = { disposition: 'Resolved', note: '', savedAt: 1, webhook: { state: 'pending', attempts: 1, nextAt: 9, lastError: 'https://crm.example.com answered HTTP 500' } };
    const actions = actionsWith({ wrapUp: failing, dispositions: ['Resolved'], timerSec: 0 });
    show(ended(), actions);
    expect((await screen.findByRole('alert')).textContent).toBe('Webhook failed: https://crm.example.com answered HTTP 500; retrying');
    actions.wrapUpStatus.mockResolvedValue({ wrapUp: { ...failing, webhook: { state: 'sent', attempts: 2, sentAt: 10 } }, dispositions: ['Resolved'], timerSec: 0 });
    await act(async () => {
      await vi.advanceTimersByTimeAsync(3_100);
    });
    await screen.findByText('Sent to the CRM');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('closes itself after the wrap-up timer, saving what was chosen first; never while the agent is in the form', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, now: ENDED + 1_000 });
    const actions = actionsWith({ wrapUp: null, dispositions: ['Resolved'], timerSec: 5 });
    show(ended(), actions);
    const select = await screen.findByRole('combobox');
    fireEvent.change(select, { target: { value: 'Resolved' } });
    expect(document.querySelector('[data-field="wrap-up-timer"]')?.textContent).toBe('Closes in 4 s');
    fireEvent.focusIn(select);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(6_000);
    });
    expect(actions.dismiss).not.toHaveBeenCalled();
    fireEvent.focusOut(select);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1_100);
    });
    await waitFor(() => expect(actions.dismiss).toHaveBeenCalledWith('call-1'));
    expect(actions.wrapUp).toHaveBeenCalledWith('call-1', 'Resolved', '');
    expect(actions.wrapUp.mock.invocationCallOrder[0]!).toBeLessThan(actions.dismiss.mock.invocationCallOrder[0]!);
  });

  it('asks again when the agent comes back to the tab (a wrap-up saved from the popup meanwhile)', async () => {
    const actions = actionsWith({ wrapUp: null, dispositions: ['Resolved'], timerSec: 0 });
    show(ended(), actions);
    await screen.findByRole('combobox');
    actions.wrapUpStatus.mockResolvedValue({
      wrapUp: { disposition: 'Resolved', note: '', savedAt: 2, webhook: { state: 'pending', attempts: 1, nextAt: 9, lastError: 'x answered HTTP 500' } },
      dispositions: ['Resolved'],
      timerSec: 0,
    });
    fireEvent.focus(window);
    expect((await screen.findByRole('alert')).textContent).toBe('Webhook failed: x answered HTTP 500; retrying');
    expect(actions.wrapUpStatus).toHaveBeenCalledTimes(2);
  });

  it('offers no wrap-up without the worker’s wrap-up support, and none while ringing', async () => {
    const { wrapUpStatus: _s, wrapUp: _w, ...old } = actionsWith({ wrapUp: null, dispositions: [], timerSec: 0 });
    show(ended(), old);
    expect(document.querySelector('[data-part="wrap-up"]')).toBeNull();
    cleanup();
    const actions = actionsWith({ wrapUp: null, dispositions: ['Resolved'], timerSec: 0 });
    show(makePanelCall({ state: 'ringing' }), actions);
    expect(actions.wrapUpStatus).not.toHaveBeenCalled();
  });
});
