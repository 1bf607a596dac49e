// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { SettingsForm } from '@/components/popup/settings-form';
import { loadSettings } from '@/lib/settings';

const LABELS = [
  'PBX WebSocket URL',
  'SIP domain',
  'Extension',
  'Password',
  'Display name',
  'ICE servers',
  'CRM record URL template',
  'CRM search URL template',
  'Contact lookup field (CSS selector)',
  'Submit lookup after filling',
  'When to pop',
  'Where to pop',
];

async function renderForm() {
  render(<SettingsForm />);
  return screen.findByLabelText('PBX WebSocket URL');
}
function type(label: string, value: string) {
  fireEvent.input(screen.getByLabelText(label), { target: { value } });
}

describe('popup settings form', () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(cleanup);

  it('renders a visible label for every input', async () => {
    await renderForm();
    for (const label of LABELS) expect(screen.getByLabelText(label)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Save' })).toBeTruthy();
  });

  it('masks the password and reveals it on request', async () => {
    await renderForm();
    const input = screen.getByLabelText('Password') as HTMLInputElement;
    expect(input.type).toBe('password');
    fireEvent.click(screen.getByRole('button', { name: 'Show password' }));
    expect(input.type).toBe('text');
    fireEvent.click(screen.getByRole('button', { name: 'Hide password' }));
    expect(input.type).toBe('password');
  });

  it('shows an inline message for an invalid field as it is typed', async () => {
    await renderForm();
    type('PBX WebSocket URL', 'ws://pbx.example.com/ws');
    const url = screen.getByLabelText('PBX WebSocket URL');
    await waitFor(() => expect(url.getAttribute('aria-invalid')).toBe('true'));
    const message = document.getElementById(url.getAttribute('aria-describedby')!.split(' ')[0]!);
    expect(message?.textContent).toMatch(/wss:\/\//);
    // Untouched fields stay quiet.
    expect(screen.getByLabelText('Extension').getAttribute('aria-invalid')).toBe('false');
  });

  it('refuses to save invalid settings and says why', async () => {
    await renderForm();
    type('PBX WebSocket URL', 'http://pbx.example.com');
    type('CRM record URL template', 'https://crm.example.com/c/{nope}');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Not saved: fix the highlighted fields');
    expect(screen.getByText(/\{nope\}/)).toBeTruthy();
    expect((await loadSettings()).settings.pbxUrl).toBe('');
  });

  it('saves valid settings into storage and says Saved', async () => {
    await renderForm();
    type('PBX WebSocket URL', 'wss://pbx.example.com:8089/ws');
    type('Extension', '1001');
    type('Password', 'secret1001');
    type('Display name', 'Alex');
    type('ICE servers', 'stun:stun.example.com:3478');
    type('CRM record URL template', 'https://crm.example.com/contacts/{contact_ref}');
    type('CRM search URL template', 'https://crm.example.com/search?q={number}');
    fireEvent.change(screen.getByLabelText('When to pop'), { target: { value: 'answer' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved');
    const { settings, errors } = await loadSettings();
    expect(errors).toEqual([]);
    expect(settings).toMatchObject({
      pbxUrl: 'wss://pbx.example.com:8089/ws',
      extension: '1001',
      password: 'secret1001',
      displayName: 'Alex',
      iceServers: [{ urls: 'stun:stun.example.com:3478' }],
      recordUrlTemplate: 'https://crm.example.com/contacts/{contact_ref}',
      popOn: 'answer',
      popTarget: 'reuse-tab',
    });
  });

  it('loads what was saved before', async () => {
    await renderForm();
    type('PBX WebSocket URL', 'ws://127.0.0.1:5066/ws');
    type('Extension', '1002');
    type('Password', 'pw');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved');
    cleanup();
    await renderForm();
    await waitFor(() =>
      expect((screen.getByLabelText('PBX WebSocket URL') as HTMLInputElement).value).toBe('ws://127.0.0.1:5066/ws'),
    );
    expect((screen.getByLabelText('Extension') as HTMLInputElement).value).toBe('1002');
  });
});
