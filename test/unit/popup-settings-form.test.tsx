// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { SettingsForm } from '@/components/popup/settings-form';
import { loadSettings, saveSettings } from '@/lib/settings';
import type { PermissionsApi } from '@/lib/screen-pop/crm-permissions';

const LABELS = [
  'PBX WebSocket URL',
  'SIP domain',
  'Extension',
  'Password',
  'Display name',
  'ICE servers',
  'TURN credential',
  'Relay only: hide my local network addresses',
  'CRM record URL template',
  'CRM search URL template',
  'Contact lookup field (CSS selector)',
  'Submit lookup after filling',
  'When to pop',
  'Where to pop',
  'Connection timeout',
];

/** browser.permissions for the form: `answer` is what the prompt says; granted origins stay granted. */
function fakePermissions(answer: boolean | 'never' = true, granted: string[] = []) {
  const have = new Set(granted);
  return {
    request: vi.fn(({ origins }: { origins: string[] }): Promise<boolean> => {
      if (origins.every((o) => have.has(o))) return Promise.resolve(true);
      // Firefox may close the popup while its prompt shows: the answer never comes back.
      if (answer === 'never') return new Promise<boolean>(() => {});
      if (answer) origins.forEach((o) => have.add(o));
      return Promise.resolve(answer);
    }),
    contains: vi.fn(async ({ origins }: { origins: string[] }) => origins.every((o) => have.has(o))),
  } satisfies PermissionsApi;
}

async function renderForm(permissions: PermissionsApi = fakePermissions()) {
  render(<SettingsForm permissions={permissions} />);
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

  it('offers the connection timeout as a choice of seconds, 3 s by default, and saves the choice', async () => {
    await renderForm();
    const select = screen.getByLabelText('Connection timeout') as HTMLSelectElement;
    expect(select.value).toBe('3');
    expect([...select.options].map((o) => o.text)).toEqual(['1 s', '2 s', '3 s (default)', '5 s', '10 s', '20 s', '30 s']);
    fireEvent.change(select, { target: { value: '10' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved');
    expect((await loadSettings()).settings.connectTimeoutSec).toBe(10);
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

  it('masks the TURN credential like the password, keeps it off the server lines, and saves it with its server', async () => {
    await renderForm();
    type('PBX WebSocket URL', 'wss://pbx.example.com:8089/ws');
    type('Extension', '1001');
    type('Password', 'secret1001');
    type('ICE servers', 'turn:turn.example.com:3478 agent7');
    type('TURN credential', 'turn-s3cret');
    const credential = screen.getByLabelText('TURN credential') as HTMLInputElement;
    expect(credential.type).toBe('password');
    fireEvent.click(screen.getByRole('button', { name: 'Show TURN credential' }));
    expect((screen.getByLabelText('TURN credential') as HTMLInputElement).type).toBe('text');
    fireEvent.click(screen.getByRole('button', { name: 'Hide TURN credential' }));
    expect((screen.getByLabelText('TURN credential') as HTMLInputElement).type).toBe('password');
    fireEvent.click(screen.getByLabelText('Relay only: hide my local network addresses'));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved');
    expect((await loadSettings()).settings).toMatchObject({
      iceServers: [{ urls: 'turn:turn.example.com:3478', username: 'agent7', credential: 'turn-s3cret' }],
      iceRelayOnly: true,
    });
    cleanup();
    await renderForm();
    await waitFor(() => expect((screen.getByLabelText('ICE servers') as HTMLTextAreaElement).value).toBe('turn:turn.example.com:3478 agent7'));
    const reloaded = screen.getByLabelText('TURN credential') as HTMLInputElement;
    expect([reloaded.type, reloaded.value]).toEqual(['password', 'turn-s3cret']);
    expect((screen.getByLabelText('Relay only: hide my local network addresses') as HTMLInputElement).checked).toBe(true);
  });

  it('refuses a credential typed in plain text on a server line, with the message beside the field', async () => {
    await renderForm();
    type('ICE servers', 'turn:turn.example.com:3478 agent7 s3cret');
    expect(await screen.findByText('Line 1: put the credential in the TURN credential field (it is masked there)')).toBeTruthy();
  });

  it('asks for https:// CRM templates except on this machine', async () => {
    await renderForm();
    type('CRM record URL template', 'http://crm.example.com/contacts/{contact_ref}');
    expect(await screen.findByText('Use https:// — http:// is only allowed for localhost')).toBeTruthy();
    type('CRM record URL template', 'http://127.0.0.1:8080/contacts/{contact_ref}');
    await waitFor(() => expect(screen.queryByText('Use https:// — http:// is only allowed for localhost')).toBeNull());
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

describe('popup settings form: CRM access', () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(cleanup);

  const CRM_RECORD = 'https://crm.example.com/contacts/{contact_ref}';
  function fillValid() {
    type('PBX WebSocket URL', 'wss://pbx.example.com:8089/ws');
    type('Extension', '1001');
    type('Password', 'secret1001');
    type('CRM record URL template', CRM_RECORD);
  }

  it('asks for the CRM origin synchronously inside the Save click (the user gesture)', async () => {
    const permissions = fakePermissions(true);
    await renderForm(permissions);
    fillValid();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    // fireEvent dispatches synchronously: the request was made before the handler's first await.
    expect(permissions.request).toHaveBeenCalledTimes(1);
    expect(permissions.request).toHaveBeenCalledWith({ origins: ['https://crm.example.com/*'] });
    await screen.findByText('Saved');
    expect(document.querySelector('[data-field="crm-access"]')).toBeNull();
  });

  it('saves even when the agent refuses, and says screen-pop is not granted', async () => {
    await renderForm(fakePermissions(false));
    fillValid();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved');
    const message = await screen.findByText('Screen-pop needs access to https://crm.example.com: not granted');
    expect(message.getAttribute('role')).toBe('alert');
    expect((await loadSettings()).settings.recordUrlTemplate).toBe(CRM_RECORD);
  });

  it('saves while the prompt is still open (Firefox may close the popup meanwhile)', async () => {
    await renderForm(fakePermissions('never'));
    fillValid();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved');
    expect((await loadSettings()).settings.recordUrlTemplate).toBe(CRM_RECORD);
  });

  it('asks without a prompt for origins granted already (preset), and not at all without CRM templates', async () => {
    const preset = fakePermissions(false, ['https://crm.example.com/*']);
    await renderForm(preset);
    fillValid();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved');
    expect(await preset.request.mock.results[0]!.value).toBe(true);
    expect(document.querySelector('[data-field="crm-access"]')).toBeNull();
    cleanup();

    const none = fakePermissions(false);
    await renderForm(none);
    type('CRM record URL template', '');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved');
    expect(none.request).not.toHaveBeenCalled();
  });

  it('does not ask when the settings will not save', async () => {
    const permissions = fakePermissions(true);
    await renderForm(permissions);
    type('CRM record URL template', CRM_RECORD);
    type('PBX WebSocket URL', 'http://not-a-websocket');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Not saved: fix the highlighted fields');
    expect(permissions.request).not.toHaveBeenCalled();
  });

  it('clears the message once access is granted on a later Save', async () => {
    const permissions = fakePermissions(false);
    await renderForm(permissions);
    fillValid();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Screen-pop needs access to https://crm.example.com: not granted');
    permissions.request.mockImplementation(async () => true);
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(document.querySelector('[data-field="crm-access"]')).toBeNull());
  });

  it('on opening, says which saved CRM origin is still not granted', async () => {
    await saveSettings({ recordUrlTemplate: CRM_RECORD, searchUrlTemplate: 'http://127.0.0.1:8080/s?q={number}' });
    await renderForm(fakePermissions(false, ['https://crm.example.com/*']));
    expect((await screen.findByRole('alert')).textContent).toBe('Screen-pop needs access to http://127.0.0.1:8080: not granted');
  });
});
