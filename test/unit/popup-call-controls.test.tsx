// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { CallControls } from '@/components/popup/call-controls';
import { PopupApp } from '@/components/popup/popup-app';
import type { CallSnapshot } from '@/lib/phone';
import type { PhoneState } from '@/lib/phone-host/phone-state';
import { phoneStateItem } from '@/lib/status/phone-state-store';
import { makeCall } from './fixtures/call';

function snapshot(overrides: Partial<CallSnapshot> = {}): CallSnapshot {
  return { id: 'call-1', source: 'sip', state: 'ringing', notification: makeCall(), warnings: [], ringingAt: 1_000, muted: false, ...overrides };
}
function phoneState(calls: CallSnapshot[]): PhoneState {
  return { registration: { state: 'registered', ext: '1001', since: 0 }, calls };
}

/** Answers every runtime message the way the worker's router does: ok, or the given error. */
function fakeWorker(fail?: string) {
  return vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(async (msg: unknown) => {
    const { name } = msg as { name: string };
    if (fail && name !== 'status/get') return { ok: false, error: { name: 'Error', message: fail } };
    return { ok: true };
  });
}
const sent = (spy: ReturnType<typeof fakeWorker>) => spy.mock.calls.map(([msg]) => msg);

describe('popup call controls', () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(cleanup);

  it('shows nothing without a ringing or active call', () => {
    const { container } = render(<CallControls state={phoneState([snapshot({ state: 'ended', endReason: 'missed' })])} />);
    expect(container.innerHTML).toBe('');
    render(<CallControls state={null} />);
    expect(screen.queryByRole('region', { name: 'Current call' })).toBeNull();
  });

  it('shows the caller and answers or declines (603) a ringing call', async () => {
    const spy = fakeWorker();
    render(<CallControls state={phoneState([snapshot({ notification: makeCall({ number: '07700900123', contactRef: 'ACC-42', campaignRef: 'winter' }) })])} />);
    const region = screen.getByRole('region', { name: 'Current call' });
    expect(region.textContent).toContain('Incoming call');
    expect(region.querySelector('[data-field="number"]')?.textContent).toBe('07700900123');
    expect(region.querySelector('[data-field="contactRef"]')?.textContent).toBe('ACC-42');
    expect(region.querySelector('[data-field="campaignRef"]')?.textContent).toBe('winter');
    expect(screen.queryByRole('button', { name: 'Hang up' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Answer' }));
    await waitFor(() => expect(sent(spy)).toContainEqual({ to: 'bg', name: 'call/accept', payload: { callId: 'call-1' } }));
    await waitFor(() => expect((screen.getByRole('button', { name: 'Decline' }) as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByRole('button', { name: 'Decline' }));
    await waitFor(() =>
      expect(sent(spy)).toContainEqual({ to: 'bg', name: 'call/reject', payload: { callId: 'call-1', code: 603 } }),
    );
  });

  it('mutes, unmutes and hangs up an active call', async () => {
    const spy = fakeWorker();
    const { rerender } = render(<CallControls state={phoneState([snapshot({ state: 'active', answeredAt: 2_000 })])} />);
    expect(screen.queryByRole('button', { name: 'Answer' })).toBeNull();
    const mute = screen.getByRole('button', { name: 'Mute' });
    expect(mute.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(mute);
    await waitFor(() => expect(sent(spy)).toContainEqual({ to: 'bg', name: 'call/mute', payload: { callId: 'call-1', muted: true } }));

    rerender(<CallControls state={phoneState([snapshot({ state: 'active', answeredAt: 2_000, muted: true })])} />);
    const unmute = await screen.findByRole('button', { name: 'Unmute' });
    expect(unmute.getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(unmute);
    await waitFor(() => expect(sent(spy)).toContainEqual({ to: 'bg', name: 'call/mute', payload: { callId: 'call-1', muted: false } }));

    await waitFor(() => expect((screen.getByRole('button', { name: 'Hang up' }) as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByRole('button', { name: 'Hang up' }));
    await waitFor(() => expect(sent(spy)).toContainEqual({ to: 'bg', name: 'call/hangup', payload: { callId: 'call-1' } }));
  });

  it('shows the error when the worker refuses, and clears it for the next call', async () => {
    fakeWorker('no such call');
    const { rerender } = render(<CallControls state={phoneState([snapshot()])} />);
    fireEvent.click(screen.getByRole('button', { name: 'Answer' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Could not answer: no such call');
    rerender(<CallControls state={phoneState([snapshot({ id: 'call-2' })])} />);
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });

  it('renders hostile header values as text', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    render(<CallControls state={phoneState([snapshot({ notification: makeCall({ number: hostile, contactRef: '', campaignRef: null }) })])} />);
    const region = screen.getByRole('region', { name: 'Current call' });
    expect(region.querySelector('img')).toBeNull();
    expect(region.querySelector('[data-field="number"]')?.textContent).toBe(hostile);
    expect(region.querySelector('[data-field="contactRef"]')?.textContent).toBe('—');
    expect(region.querySelector('[data-field="campaignRef"]')?.textContent).toBe('—');
  });

  it('appears in the popup from the mirrored phone state, above the settings', async () => {
    await phoneStateItem.setValue(phoneState([snapshot()]));
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(async () => ({ ok: true, value: phoneState([snapshot()]) }));
    vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(true);
    render(<PopupApp />);
    const answer = await screen.findByRole('button', { name: 'Answer' });
    const save = await screen.findByRole('button', { name: 'Save' });
    expect(answer.compareDocumentPosition(save) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    // The registration's status line (the dial pad has a status line of its own).
    expect(screen.getAllByRole('status')[0]!.textContent).toBe('Registered as 1001');
  });
});

describe('popup call controls: hold, keypad, call waiting', () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(cleanup);

  it('Hold sends call/hold; held shows On hold and Resume; a failed hold shows why', async () => {
    const spy = fakeWorker();
    const { rerender } = render(<CallControls state={phoneState([snapshot({ state: 'active', answeredAt: 2 })])} />);
    fireEvent.click(screen.getByRole('button', { name: 'Hold' }));
    await waitFor(() => expect(sent(spy)).toContainEqual({ to: 'bg', name: 'call/hold', payload: { callId: 'call-1', held: true } }));
    rerender(<CallControls state={phoneState([snapshot({ state: 'active', answeredAt: 2, hold: 'held' })])} />);
    expect(screen.getByRole('region', { name: 'Current call' }).textContent).toContain('On hold');
    fireEvent.click(screen.getByRole('button', { name: 'Resume' }));
    await waitFor(() => expect(sent(spy)).toContainEqual({ to: 'bg', name: 'call/hold', payload: { callId: 'call-1', held: false } }));
    rerender(<CallControls state={phoneState([snapshot({ state: 'active', answeredAt: 2, holdError: 'Hold failed: 488 Not Acceptable Here' })])} />);
    expect(screen.getByRole('alert').textContent).toBe('Hold failed: 488 Not Acceptable Here');
  });

  it('the keypad sends call/dtmf per key', async () => {
    const spy = fakeWorker();
    render(<CallControls state={phoneState([snapshot({ state: 'active', answeredAt: 2 })])} />);
    fireEvent.click(screen.getByRole('button', { name: 'Keypad' }));
    fireEvent.click(screen.getByRole('button', { name: '5' }));
    await waitFor(() => expect(sent(spy)).toContainEqual({ to: 'bg', name: 'call/dtmf', payload: { callId: 'call-1', digits: '5' } }));
  });

  it('two calls: the ringing one is the current call, the answered one is shown too with its controls', async () => {
    const spy = fakeWorker();
    render(<CallControls state={phoneState([snapshot({ id: 'a', state: 'active', answeredAt: 2 }), snapshot({ id: 'b', state: 'ringing' })])} />);
    expect(screen.getByRole('region', { name: 'Current call' }).dataset['callId']).toBe('b');
    const other = screen.getByRole('region', { name: 'Other call' });
    expect(other.dataset['callId']).toBe('a');
    fireEvent.click(screen.getAllByRole('button', { name: 'Hold' })[0]!);
    await waitFor(() => expect(sent(spy)).toContainEqual({ to: 'bg', name: 'call/hold', payload: { callId: 'a', held: true } }));
  });
});
