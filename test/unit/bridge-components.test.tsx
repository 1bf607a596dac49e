// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { PanelApp } from '@/components/panel/panel-app';
import type { PanelActions } from '@/components/panel/panel-actions';
import { CallControls } from '@/components/popup/call-controls';
import { PopupApp } from '@/components/popup/popup-app';
import type { PhoneState } from '@/lib/phone-host/phone-state';
import { phoneStateItem } from '@/lib/status/phone-state-store';
import { SettingsForm } from '@/components/popup/settings-form';
import { StatusLine } from '@/components/popup/status-line';
import { pickCall } from '@/lib/content/pick-call';
import { loadSettings, settingsItem } from '@/lib/settings';
import { makeCall } from './fixtures/call';
import { makePanelCall, makeView } from './panel-fixtures';

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMDAxIn0.c2lnbmF0dXJl';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});
beforeEach(() => fakeBrowser.reset());

describe('caller panel: connected mode (a bridge call)', () => {
  it('has no Answer/Decline; shows the caller, a timer since connect, Open record and Dismiss', async () => {
    vi.useFakeTimers({ now: 1_700_000_065_000, toFake: ['Date'] });
    const actions: PanelActions = {
      accept: vi.fn(async () => {}), decline: vi.fn(async () => {}), hangup: vi.fn(async () => {}), mute: vi.fn(async () => {}),
      hold: vi.fn(async () => {}), dtmf: vi.fn(async () => {}),
      dismiss: vi.fn(async () => {}), openRecord: vi.fn(async () => {}), place: vi.fn(async () => {}),
      transfer: vi.fn(async () => {}), consult: vi.fn(async () => {}), completeTransfer: vi.fn(async () => {}), cancelTransfer: vi.fn(async () => {}),
    };
    const call = makePanelCall({ id: 'bridge-1', source: 'bridge', state: 'connected', ringingAt: 1_700_000_000_000, answeredAt: 1_700_000_000_000 });
    const view = makeView({ calls: [call] });
    render(<PanelApp shape={pickCall(view)} place={view.place} actions={actions} isRealInput={() => true} />);
    const panel = document.querySelector<HTMLElement>('section[data-part="panel"]')!;
    expect(panel.dataset).toMatchObject({ state: 'connected', source: 'bridge', callId: 'bridge-1' });
    expect(panel.textContent).toContain('Connected call');
    expect(panel.querySelector('[data-field="timer"]')?.textContent).toBe('1:05');
    expect(panel.querySelector('[data-field="number"]')?.textContent).toBe('07700900123');
    const names = within(panel).getAllByRole('button').map((b) => b.getAttribute('aria-label') ?? b.textContent);
    expect(names).not.toContain('Answer');
    expect(names).not.toContain('Decline');
    expect(names).not.toContain('Hang up');
    fireEvent.click(within(panel).getByRole('button', { name: 'Open record' }));
    await waitFor(() => expect(actions.openRecord).toHaveBeenCalledWith('bridge-1'));
    fireEvent.click(within(panel).getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(actions.dismiss).toHaveBeenCalledWith('bridge-1'));
  });
});

describe('popup: bridge', () => {
  it('call controls offer Open record and Dismiss for a connected bridge call', async () => {
    const spy = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(async () => ({ ok: true }));
    const call = { id: 'bridge-1', source: 'bridge' as const, state: 'connected' as const, notification: makeCall(), warnings: [], ringingAt: 1, answeredAt: 1, muted: false };
    render(<CallControls state={{ registration: { state: 'unconfigured', since: 0 }, calls: [call] }} />);
    const region = screen.getByRole('region', { name: 'Current call' });
    expect(region.textContent).toContain('Connected call (on another device)');
    expect(screen.queryByRole('button', { name: 'Answer' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(spy.mock.calls.map(([m]) => m)).toContainEqual({ to: 'bg', name: 'panel/dismiss', payload: { callId: 'bridge-1' } }));
    fireEvent.click(screen.getByRole('button', { name: 'Open record' }));
    await waitFor(() => expect(spy.mock.calls.map(([m]) => m)).toContainEqual({ to: 'bg', name: 'panel/open-record', payload: { callId: 'bridge-1' } }));
  });

  it('the status shows the bridge line under the phone line', () => {
    render(<StatusLine state={{ registration: { state: 'registered', ext: '1001', since: 0 }, calls: [], bridge: { state: 'wrong-token', retryAt: Date.now() + 60_000, since: 0 } }} />);
    expect(screen.getAllByRole('status').map((p) => p.textContent)).toEqual(['Registered as 1001', 'Bridge: wrong token']);
  });

  it('settings: Bridge URL, a masked Bridge token with Show/Hide, Answer calls in the browser (on by default); saved', async () => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(async () => ({ ok: true }));
    render(<SettingsForm permissions={{ contains: async () => true, request: async () => true }} />);
    const url = (await screen.findByLabelText('Bridge URL')) as HTMLInputElement;
    const token = screen.getByLabelText('Bridge token') as HTMLInputElement;
    const answer = screen.getByLabelText('Answer calls in the browser') as HTMLInputElement;
    expect(token.type).toBe('password');
    expect(answer.checked).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Show token' }));
    expect(token.type).toBe('text');
    fireEvent.click(screen.getByRole('button', { name: 'Hide token' }));
    expect(token.type).toBe('password');
    fireEvent.input(url, { target: { value: 'ws://bridge.example.com/agent' } });
    expect(document.getElementById('bridgeUrl-error')?.textContent).toContain('wss://');
    fireEvent.input(url, { target: { value: 'wss://bridge.example.com/agent' } });
    fireEvent.input(token, { target: { value: TOKEN } });
    fireEvent.click(answer);
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved');
    expect((await loadSettings()).settings).toMatchObject({ bridgeUrl: 'wss://bridge.example.com/agent', bridgeToken: TOKEN, answerInBrowser: false });
    // A secret like the password: not in the readable settings item.
    expect(await settingsItem.getValue()).toMatchObject({ bridgeUrl: 'wss://bridge.example.com/agent', answerInBrowser: false });
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain(TOKEN);
  });

  it.each([
    ['offers the microphone grant while the browser answers calls', { state: 'registered', ext: '1001', since: 0 }, true],
    ['does not with Answer calls in the browser off', { state: 'unconfigured', reason: 'answer-in-browser-off', since: 0 }, false],
  ] as const)('%s', async (_, registration, offered) => {
    const state: PhoneState = { registration, calls: [], bridge: { state: 'connected', since: 0 } };
    await phoneStateItem.setValue(state);
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(async () => ({ ok: true, value: state }));
    vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(true);
    const permissions = { query: vi.fn(async () => ({ state: 'prompt', addEventListener() {}, removeEventListener() {} })) };
    vi.stubGlobal('navigator', { ...navigator, permissions });
    try {
      render(<PopupApp />);
      await screen.findByText('Bridge: connected');
      await screen.findByRole('button', { name: 'Save' });
      await waitFor(() => expect(permissions.query.mock.calls.length > 0 || !offered).toBe(true));
      await new Promise((r) => setTimeout(r, 50));
      expect(screen.queryByRole('button', { name: 'Allow microphone' }) !== null).toBe(offered);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
