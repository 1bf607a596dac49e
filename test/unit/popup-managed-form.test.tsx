// @vitest-environment happy-dom
/** The popup's form with an organisation policy: locked fields read-only with the text, policy problems listed. */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { SettingsForm } from '@/components/popup/settings-form';
import { loadSettings } from '@/lib/settings';
import type { PermissionsApi } from '@/lib/screen-pop/crm-permissions';

const PBX = 'wss://pbx.example.com:8089/ws';
const permissions = {
  request: vi.fn(async () => true),
  contains: vi.fn(async () => true),
} satisfies PermissionsApi;

async function renderForm() {
  render(<SettingsForm permissions={permissions} />);
  return screen.findByLabelText('PBX WebSocket URL');
}

describe('popup settings form with a policy', () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(cleanup);

  it('shows locked fields read-only with "Set by your organisation"; unlocked policy values are editable', async () => {
    await fakeBrowser.storage.managed.set({ pbxUrl: PBX, popOn: 'answer', lookupSubmit: true, extension: '1001', lockedSettings: ['pbxUrl', 'popOn', 'lookupSubmit'] });
    const pbx = (await renderForm()) as HTMLInputElement;
    expect(pbx.value).toBe(PBX);
    expect(pbx.readOnly).toBe(true);
    expect(pbx.getAttribute('aria-describedby')).toContain('pbxUrl-locked');
    expect(document.getElementById('pbxUrl-locked')?.textContent).toBe('Set by your organisation');
    expect((screen.getByLabelText('When to pop') as HTMLSelectElement).disabled).toBe(true);
    expect((screen.getByLabelText('Submit lookup after filling') as HTMLInputElement).disabled).toBe(true);
    expect(screen.getAllByText('Set by your organisation')).toHaveLength(3);
    const ext = screen.getByLabelText('Extension') as HTMLInputElement;
    expect(ext.value).toBe('1001');
    expect(ext.readOnly).toBe(false);
  });

  it('saving never changes a locked field', async () => {
    await fakeBrowser.storage.managed.set({ pbxUrl: PBX, lockedSettings: ['pbxUrl'] });
    const pbx = await renderForm();
    fireEvent.input(pbx, { target: { value: 'wss://other.example.com/ws' } });
    fireEvent.input(screen.getByLabelText('Extension'), { target: { value: '1002' } });
    fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'pw' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved');
    const { settings } = await loadSettings();
    expect(settings).toMatchObject({ pbxUrl: PBX, extension: '1002', password: 'pw' });
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain('example.com');
  });

  it('lists each invalid policy value; the form still works', async () => {
    await fakeBrowser.storage.managed.set({ pbxUrl: 'http://pbx.example.com', popOn: 'sometimes', password: 'x', lockedSettings: ['popOn'] });
    await renderForm();
    const problems = await screen.findByRole('alert');
    await waitFor(() => expect(problems.querySelectorAll('li')).toHaveLength(3));
    expect([...problems.querySelectorAll('li')].map((li) => li.getAttribute('data-policy-key'))).toEqual(['pbxUrl', 'popOn', 'password']);
    expect(problems.textContent).not.toContain('"x"');
    expect((screen.getByLabelText('When to pop') as HTMLSelectElement).disabled).toBe(false);
    expect((screen.getByLabelText('PBX WebSocket URL') as HTMLInputElement).value).toBe('');
  });
});
