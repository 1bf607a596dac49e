// @vitest-environment happy-dom
/** The outbound mode of the caller panel and the popup's call controls (the agent dialled). */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { InputGate } from '@/components/panel/input-gate';
import { PanelApp } from '@/components/panel/panel-app';
import type { PanelActions } from '@/components/panel/panel-actions';
import { CallControls } from '@/components/popup/call-controls';
import { pickCall } from '@/lib/content/pick-call';
import { outcomeText } from '@/lib/content/panel-text';
import type { CallSnapshot } from '@/lib/phone';
import { parsePanelCall } from '@/lib/screen-pop/panel-view-schema';
import { panelViewFor } from '@/lib/screen-pop/panel-views';
import type { PanelCall } from '@/lib/screen-pop/panel-view';
import { DEFAULT_SETTINGS } from '@/lib/settings/schema';
import { makeCall } from './fixtures/call';
import { makePanelCall, makeView } from './panel-fixtures';

const outbound = makeCall({ number: '+14155552671', dialNumber: '', callRef: '', contactRef: '', campaignRef: null, holdTimeSec: null, direction: 'outbound' });

function actions(): PanelActions {
  return {
    accept: vi.fn(async () => {}), decline: vi.fn(async () => {}), hangup: vi.fn(async () => {}), mute: vi.fn(async () => {}),
    dismiss: vi.fn(async () => {}), openRecord: vi.fn(async () => {}), place: vi.fn(async () => {}),
    transfer: vi.fn(async () => {}), consult: vi.fn(async () => {}), completeTransfer: vi.fn(async () => {}), cancelTransfer: vi.fn(async () => {}),
    hold: vi.fn(async () => {}), dtmf: vi.fn(async () => {}),
  };
}
const testInput: InputGate = () => true;
function show(call: PanelCall, a = actions()) {
  const view = makeView({ calls: [call] });
  render(<PanelApp shape={pickCall(view)} place={view.place} actions={a} isRealInput={testInput} />);
  return a;
}
const panel = () => document.querySelector<HTMLElement>('section[data-part="panel"]')!;
const buttons = () => within(panel()).getAllByRole('button').map((b) => b.getAttribute('aria-label') ?? b.textContent);

afterEach(() => {
  cleanup();
  document.body.innerHTML = '';
});

describe('caller panel, outbound', () => {
  it("says 'Calling…', then 'Ringing…', shows the number only, and Hang up cancels", async () => {
    const a = show(makePanelCall({ state: 'dialing', direction: 'outbound', notification: outbound }));
    expect(panel().dataset).toMatchObject({ state: 'dialing', direction: 'outbound' });
    expect(panel().querySelector('.handle__title')?.textContent).toBe('Calling…');
    expect(panel().querySelector('[data-field="number"]')?.textContent).toBe('+14155552671');
    expect(panel().querySelector('[data-field="callRef"]')).toBeNull();
    expect(panel().querySelector('[data-field="timer"]')).toBeNull();
    expect(buttons()).toEqual(['Move panel to the next corner', 'Hang up']);
    fireEvent.click(screen.getByRole('button', { name: 'Hang up' }));
    await waitFor(() => expect(a.hangup).toHaveBeenCalledWith('call-1'));
    cleanup();
    show(makePanelCall({ state: 'dialing', direction: 'outbound', remoteRinging: true, notification: outbound }));
    expect(panel().querySelector('.handle__title')?.textContent).toBe('Ringing…');
  });

  it('once answered: the timer, Mute and Hang up', () => {
    show(makePanelCall({ state: 'active', direction: 'outbound', answeredAt: Date.now(), notification: outbound }));
    expect(panel().querySelector('[data-field="timer"]')).not.toBeNull();
    expect(buttons()).toEqual(['Move panel to the next corner', 'Mute', 'Hang up']);
  });

  it.each([
    ['busy', undefined, 'Busy'],
    ['no-answer', undefined, 'No answer'],
    ['rejected', '603 Decline', 'Call rejected: 603 Decline'],
    ['cancelled', undefined, 'Call cancelled'],
    ['remote-hung-up', undefined, 'The other side hung up'],
  ] as const)('wrap-up after %s reads %j, with Open record', (endReason, endDetail, text) => {
    expect(outcomeText({ endReason, endDetail })).toBe(text);
    show(makePanelCall({ state: 'ended', direction: 'outbound', endReason, ...(endDetail && { endDetail }), notification: outbound }));
    expect(panel().querySelector('[data-field="outcome"]')?.textContent).toBe(text);
    expect(buttons()).toEqual(['Move panel to the next corner', 'Open record', 'Dismiss']);
  });

  it('the worker builds, and the panel check accepts, outbound calls (direction, dialing, new end reasons)', () => {
    const snap: CallSnapshot = {
      id: 'out-1', source: 'sip', direction: 'outbound', state: 'dialing', remoteRinging: true, notification: outbound,
      warnings: [], ringingAt: 1, muted: false,
    };
    const view = panelViewFor(7, { calls: [snap], memory: { 'out-1': { popped: false, panelTabId: 7 } }, settings: DEFAULT_SETTINGS, place: makeView().place });
    expect(view.calls[0]).toMatchObject({ state: 'dialing', direction: 'outbound', remoteRinging: true, role: 'panel' });
    expect(parsePanelCall(view.calls[0]).ok).toBe(true);
    expect(parsePanelCall({ ...view.calls[0], state: 'ended', endReason: 'busy' }).ok).toBe(true);
    expect(parsePanelCall({ ...view.calls[0], direction: 'sideways' }).ok).toBe(false);
    // Dialing elsewhere: no strip in the other tabs (a strip is for taking a ringing call).
    expect(panelViewFor(8, { calls: [snap], memory: { 'out-1': { popped: false, panelTabId: 7 } }, settings: DEFAULT_SETTINGS, place: makeView().place }).calls).toEqual([]);
  });
});

describe('popup call controls, outbound', () => {
  beforeEach(() => fakeBrowser.reset());

  it('shows the dialled number, Hang up and Open record while dialing, then Mute too', async () => {
    const spy = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(async () => ({ ok: true }));
    const state = (call: Partial<CallSnapshot>) => ({
      registration: { state: 'registered' as const, since: 0 },
      calls: [{ id: 'out-1', source: 'sip' as const, direction: 'outbound' as const, state: 'dialing' as const, notification: outbound, warnings: [], ringingAt: 1, muted: false, ...call }],
    });
    const { rerender } = render(<CallControls state={state({})} />);
    const region = screen.getByRole('region', { name: 'Current call' });
    expect(region.dataset).toMatchObject({ state: 'dialing', direction: 'outbound' });
    expect(region.textContent).toContain('Calling…');
    expect(region.querySelector('[data-field="number"]')?.textContent).toBe('+14155552671');
    expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual(['Hang up', 'Open record']);
    fireEvent.click(screen.getByRole('button', { name: 'Hang up' }));
    await waitFor(() => expect(spy.mock.calls.map(([m]) => m)).toContainEqual({ to: 'bg', name: 'call/hangup', payload: { callId: 'out-1' } }));
    rerender(<CallControls state={state({ state: 'active', answeredAt: 2 })} />);
    await waitFor(() => expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual(['Mute', 'Hang up', 'Open record']));
    fireEvent.click(screen.getByRole('button', { name: 'Open record' }));
    await waitFor(() => expect(spy.mock.calls.map(([m]) => m)).toContainEqual({ to: 'bg', name: 'panel/open-record', payload: { callId: 'out-1' } }));
  });
});
