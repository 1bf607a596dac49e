import { fakeBrowser } from 'wxt/testing';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { contactOptions, createUserAgent, type UserAgentDeps } from '@/lib/phone/create-user-agent';
import { silentLogger, systemClock, type PhoneConfig } from '@/lib/phone/types';
import type { WebSocketConstructor } from '@/lib/phone/ws-transport';
import { contactIdItem, contactIdSource } from '@/lib/phone-host/contact-id';
import { phoneConfigSchema } from '@/lib/phone-host/phone-state';
import { DEFAULT_SETTINGS, phoneHostConfigFromSettings } from '@/lib/settings';

const ID = '3f2b8c1e-4d5a-4e6f-9a7b-0c1d2e3f4a5b';
const OTHER = '9e8d7c6b-5a49-4837-a615-0f1e2d3c4b5a';

const deps: UserAgentDeps = {
  clock: systemClock,
  logger: silentLogger,
  WebSocket: class {} as unknown as WebSocketConstructor,
  sessionDescriptionHandlerFactory: undefined,
  connectTimeoutMs: 1_000,
  sipLogLevel: 'error',
};

function config(overrides: Partial<PhoneConfig> = {}): PhoneConfig {
  return { wsUrl: 'ws://127.0.0.1:5066', domain: '127.0.0.1', ext: '1001', password: 'x', displayName: '', iceServers: [], ...overrides };
}

/** The Contact the UserAgent puts in its REGISTERs. */
function registerContact(c: PhoneConfig): string {
  return createUserAgent(c, deps, {}).contact.toString({ register: true });
}

describe('stable SIP contact', () => {
  it('two phones of one install register the same Contact', () => {
    const first = registerContact(config({ contactId: ID }));
    expect(first).toBe('<sip:3f2b8c1e4d5a4e6f9a7b0c1d2e3f4a5b@3f2b8c1e4d5a.invalid;transport=ws>');
    expect(registerContact(config({ contactId: ID }))).toBe(first);
    // The Contact is the install's, not the account's: a changed extension keeps it.
    expect(registerContact(config({ contactId: ID, ext: '1002' }))).toBe(first);
  });

  it('two installs (another contact id) and phones without one get different Contacts', () => {
    expect(registerContact(config({ contactId: OTHER }))).not.toBe(registerContact(config({ contactId: ID })));
    expect(registerContact(config())).not.toBe(registerContact(config()));
  });

  it('the Via host the UserAgent sends and checks is the contact host', () => {
    const ua = createUserAgent(config({ contactId: ID }), deps, {});
    expect(ua.configuration.viaHost).toBe('3f2b8c1e4d5a.invalid');
  });

  it('refuses a contact id that is not a UUID (it would end up in a SIP header)', () => {
    expect(() => contactOptions('x@evil>;a')).toThrow(/not a UUID/);
    expect(() => createUserAgent(config({ contactId: 'x\r\nVia: y' }), deps, {})).toThrow(/not a UUID/);
    expect(phoneConfigSchema.safeParse(config({ contactId: 'x@evil>' })).success).toBe(false);
    expect(phoneConfigSchema.safeParse(config({ contactId: ID })).success).toBe(true);
  });

  it('the worker passes the contact id in the phone config', () => {
    const settings = { ...DEFAULT_SETTINGS, pbxUrl: 'ws://127.0.0.1:5066', extension: '1001', password: 'x' };
    expect(phoneHostConfigFromSettings(settings, ID).phone?.contactId).toBe(ID);
    expect(phoneHostConfigFromSettings(settings).phone).not.toHaveProperty('contactId');
  });
});

describe('contactIdSource', () => {
  beforeEach(() => fakeBrowser.reset());

  it('makes the id once and keeps it in storage.local for the next worker', async () => {
    const newId = vi.fn(() => ID);
    expect(await contactIdSource(contactIdItem, newId)()).toBe(ID);
    expect(await fakeBrowser.storage.local.get('phoneContactId')).toEqual({ phoneContactId: ID });
    // A later worker start reads it back rather than making another.
    const later = vi.fn(() => OTHER);
    expect(await contactIdSource(contactIdItem, later)()).toBe(ID);
    expect(later).not.toHaveBeenCalled();
    expect(newId).toHaveBeenCalledTimes(1);
  });

  it('concurrent configs in one worker share one new id', async () => {
    let n = 0;
    const source = contactIdSource(contactIdItem, () => [ID, OTHER][n++]!);
    const ids = await Promise.all([source(), source(), source()]);
    expect(new Set(ids)).toEqual(new Set([ID]));
    expect(await contactIdItem.getValue()).toBe(ID);
  });

  it('replaces a stored value that is not a UUID', async () => {
    await contactIdItem.setValue('not-a-uuid');
    expect(await contactIdSource(contactIdItem, () => OTHER)()).toBe(OTHER);
    expect(await contactIdItem.getValue()).toBe(OTHER);
  });

  it('the default ids are UUIDs, a new one per install', async () => {
    const a = await contactIdSource(contactIdItem)();
    fakeBrowser.reset();
    const b = await contactIdSource(contactIdItem)();
    expect(a).not.toBe(b);
    expect(() => contactOptions(a)).not.toThrow();
  });
});
