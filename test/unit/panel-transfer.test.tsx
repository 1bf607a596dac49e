// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PanelApp } from '@/components/panel/panel-app';
import type { PanelActions } from '@/components/panel/panel-actions';
import { pickCall } from '@/lib/content/pick-call';
import { transferText } from '@/lib/content/transfer-text';
import { parsePanelCall } from '@/lib/screen-pop/panel-view-schema';
import type { PanelCall } from '@/lib/screen-pop/panel-view';
import { makePanelCall, makeView } from './panel-fixtures';

function fakeActions(): { [K in keyof PanelActions]: ReturnType<typeof vi.fn> } & PanelActions {
  const ok = () => vi.fn(async () => {});
  return {
    accept: ok(), decline: ok(), hangup: ok(), mute: ok(), dismiss: ok(), openRecord: ok(), place: ok(),
    transfer: ok(), consult: ok(), completeTransfer: ok(), cancelTransfer: ok(), hold: ok(), dtmf: ok(),
  };
}

function show(call: PanelCall, actions = fakeActions()) {
  const view = makeView({ calls: [call] });
  render(<PanelApp shape={pickCall(view)} place={view.place} actions={actions} isRealInput={() => true} />);
  return actions;
}
const active = (transfer?: PanelCall['transfer']) =>
  makePanelCall({ state: 'active', answeredAt: 1_700_000_000_000, ...(transfer !== undefined && { transfer }) });
const status = () => document.querySelector<HTMLElement>('[data-field="transfer"]');

afterEach(cleanup);

describe('caller panel: transfer', () => {
  it('Transfer opens a target field; Blind and Consult send what was typed, disabled while it is empty', async () => {
    const actions = show(active());
    fireEvent.click(screen.getByRole('button', { name: 'Transfer' }));
    const blind = screen.getByRole('button', { name: 'Blind' }) as HTMLButtonElement;
    expect(blind.disabled).toBe(true);
    fireEvent.input(screen.getByLabelText('Transfer to'), { target: { value: ' 1002 ' } });
    expect(blind.disabled).toBe(false);
    fireEvent.click(blind);
    await vi.waitFor(() => expect(actions.transfer).toHaveBeenCalledWith('call-1', '1002'));
    fireEvent.click(await screen.findByRole('button', { name: 'Transfer' }));
    fireEvent.input(screen.getByLabelText('Transfer to'), { target: { value: 'sip:bob@example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Consult' }));
    await vi.waitFor(() => expect(actions.consult).toHaveBeenCalledWith('call-1', 'sip:bob@example.com'));
  });

  it('shows a refusal from the phone and keeps the field', async () => {
    const actions = fakeActions();
    actions.transfer.mockRejectedValueOnce(new Error('transfer target: not an extension number or a sip: address'));
    show(active(), actions);
    fireEvent.click(screen.getByRole('button', { name: 'Transfer' }));
    fireEvent.input(screen.getByLabelText('Transfer to'), { target: { value: 'bob' } });
    fireEvent.click(screen.getByRole('button', { name: 'Blind' }));
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', 'transfer target: not an extension number or a sip: address');
    expect(screen.getByLabelText('Transfer to')).toBeTruthy();
  });

  it('while consulting: the status, Complete (with the consult id) and Cancel, no new transfer', async () => {
    const actions = show(active({ mode: 'attended', target: '1002', status: 'pending', phase: 'consulting', consultCallId: 'consult-9', consultState: 'active' }));
    expect(status()?.textContent).toBe('Talking to 1002 (caller on hold)');
    expect(status()?.dataset['transferPhase']).toBe('consulting');
    expect(screen.queryByRole('button', { name: 'Transfer' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Complete transfer' }));
    await vi.waitFor(() => expect(actions.completeTransfer).toHaveBeenCalledWith('call-1', 'consult-9'));
    const cancel = screen.getByRole('button', { name: 'Cancel consult' }) as HTMLButtonElement;
    await vi.waitFor(() => expect(cancel.disabled).toBe(false));
    fireEvent.click(cancel);
    await vi.waitFor(() => expect(actions.cancelTransfer).toHaveBeenCalledWith('call-1'));
  });

  it('a failed transfer says why and that the call is still connected, and offers Transfer again', () => {
    show(active({ mode: 'blind', target: '1002', status: 'failed', phase: 'failed', detail: 'the target answered 486 Busy Here' }));
    expect(status()?.textContent).toBe('Transfer to 1002 failed: the target answered 486 Busy Here. The call is still connected.');
    expect(screen.getByRole('button', { name: 'Transfer' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Complete transfer' })).toBeNull();
  });

  it('a pending blind transfer shows progress and no buttons; the wrap-up of a transferred call says so', () => {
    show(active({ mode: 'blind', target: '1002', status: 'pending', phase: 'trying', detail: '180 Ringing' }));
    expect(status()?.textContent).toBe('Transferring to 1002… (180 Ringing)');
    expect(screen.queryByRole('button', { name: 'Transfer' })).toBeNull();
    cleanup();
    show(makePanelCall({ state: 'ended', endReason: 'agent-hung-up', endedAt: 2, transfer: { mode: 'blind', target: '1002', status: 'accepted', phase: 'accepted' } }));
    expect(status()?.textContent).toBe('Transferred to 1002');
  });

  it('the panel check keeps a valid transfer and drops a call with a bad one', () => {
    const transfer = { mode: 'attended', target: '1002', status: 'pending', phase: 'dialing', consultCallId: 'c', consultState: 'calling' } as const;
    expect(parsePanelCall(active(transfer))).toMatchObject({ ok: true, call: { transfer } });
    expect(parsePanelCall({ ...active(), transfer: { ...transfer, phase: 'parked' } }).ok).toBe(false);
    expect(parsePanelCall(active()).ok).toBe(true);
    expect(transferText({ phase: 'refused', target: '1002', detail: 'the target answered 603 Decline' })).toBe(
      'Transfer to 1002 failed: the target answered 603 Decline. Still talking to the target; the caller is on hold.',
    );
  });
});
