// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { CallControls } from '@/components/popup/call-controls';
import type { CallSnapshot } from '@/lib/phone';
import type { PhoneState } from '@/lib/phone-host/phone-state';
import { makeCall } from './fixtures/call';

function active(overrides: Partial<CallSnapshot> = {}): PhoneState {
  const call: CallSnapshot = {
    id: 'call-1', source: 'sip', state: 'active', notification: makeCall(), warnings: [], ringingAt: 1_000, answeredAt: 2_000, muted: false, ...overrides,
  };
  return { registration: { state: 'registered', ext: '1001', since: 0 }, calls: [call] };
}
function fakeWorker(fail?: string) {
  return vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(async (msg: unknown) => {
    const { name } = msg as { name: string };
    if (fail) return { ok: false, error: { name: 'Error', message: fail } };
    return { ok: true, value: name === 'call/consult' ? { consultCallId: 'consult-1' } : undefined };
  });
}
const sent = (spy: ReturnType<typeof fakeWorker>) => spy.mock.calls.map(([msg]) => msg);

describe('popup transfer controls', () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(cleanup);

  it('sends call/transfer and call/consult with the typed target; empty target: disabled', async () => {
    const worker = fakeWorker();
    render(<CallControls state={active()} />);
    const blind = screen.getByRole('button', { name: 'Blind transfer' }) as HTMLButtonElement;
    expect(blind.disabled).toBe(true);
    fireEvent.input(screen.getByLabelText('Transfer to'), { target: { value: '1002' } });
    fireEvent.click(blind);
    await vi.waitFor(() => expect(sent(worker)).toContainEqual({ to: 'bg', name: 'call/transfer', payload: { callId: 'call-1', target: '1002' } }));
    await vi.waitFor(() => expect(blind.disabled).toBe(false));
    fireEvent.click(screen.getByRole('button', { name: 'Consult' }));
    await vi.waitFor(() => expect(sent(worker)).toContainEqual({ to: 'bg', name: 'call/consult', payload: { callId: 'call-1', target: '1002' } }));
  });

  it('while consulting: Complete with the consult id, Cancel; the status line', async () => {
    const worker = fakeWorker();
    render(<CallControls state={active({ transfer: { mode: 'attended', target: '1002', status: 'pending', phase: 'consulting', consultCallId: 'consult-1', consultState: 'active' } })} />);
    expect(screen.getByRole('status').textContent).toBe('Talking to 1002 (caller on hold)');
    expect(screen.queryByLabelText('Transfer to')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Complete transfer' }));
    await vi.waitFor(() =>
      expect(sent(worker)).toContainEqual({ to: 'bg', name: 'call/transfer-complete', payload: { callId: 'call-1', consultCallId: 'consult-1' } }),
    );
    const cancel = screen.getByRole('button', { name: 'Cancel consult' }) as HTMLButtonElement;
    await vi.waitFor(() => expect(cancel.disabled).toBe(false));
    fireEvent.click(cancel);
    await vi.waitFor(() => expect(sent(worker)).toContainEqual({ to: 'bg', name: 'call/transfer-cancel', payload: { callId: 'call-1' } }));
  });

  it('shows a refusal, and a failed transfer with the target\'s answer', async () => {
    fakeWorker('transfer target: not an extension number or a sip: address');
    render(<CallControls state={active({ transfer: { mode: 'blind', target: '1009', status: 'failed', phase: 'failed', detail: 'the target answered 404 Not Found' } })} />);
    expect(screen.getByRole('status').textContent).toBe('Transfer to 1009 failed: the target answered 404 Not Found. The call is still connected.');
    fireEvent.input(screen.getByLabelText('Transfer to'), { target: { value: 'bob' } });
    fireEvent.click(screen.getByRole('button', { name: 'Blind transfer' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Could not transfer: transfer target: not an extension number or a sip: address');
  });

  it('is not offered on a ringing call', () => {
    render(<CallControls state={active({ state: 'ringing', answeredAt: undefined })} />);
    expect(screen.queryByLabelText('Transfer to')).toBeNull();
  });
});
