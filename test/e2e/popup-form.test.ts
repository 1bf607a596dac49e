/**
 * The popup's settings form in Chromium (popup.html in a tab), driven through its labels as an
 * agent would: invalid values get an inline message beside their field and are not stored, the
 * password is masked until revealed, valid values save, survive reopening the popup and register
 * with the test PBX. Throughout, storage.session (the worker's state mirror, readable by every
 * extension page) must never hold the password.
 *
 * Needs `npx wxt build` first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { Pbx } from '../pbx/kamailio';
import { AGENT, startAgentSession, type AgentSession } from './helpers/agent-session';
import { openExtensionPage, pollUntil, popupStatus } from './helpers/extension';
import type { LaunchedBrowser } from './helpers/launch-browser';
import { allMessages, choose, clickSave, control, fieldMessage, saveState, storedSettings, typeInto, valueOf } from './helpers/popup-form';

let session: AgentSession;
let pbx: Pbx;
let chromium: LaunchedBrowser;
let popup: Page;
/** An extension page that logs every storage.session write for the whole run. */
let observer: Page;

beforeAll(async () => {
  session = await startAgentSession({
    // The form is what this file tests.
    configure: false,
    // Listening before the popup opens, so no write is missed.
    beforePopup: async ({ browser, extensionId }) => {
      observer = await openExtensionPage(browser, extensionId, 'popup.html');
      await observer.evaluate(() => {
        const writes: string[] = [];
        Object.assign(window, { sessionWrites: writes });
        chrome.storage.session.onChanged.addListener((changes) => writes.push(JSON.stringify(changes)));
      });
    },
  });
  ({ pbx, chromium, popup } = session);
});

afterAll(async () => {
  await session?.close();
});

/** Every write to storage.session so far, plus what it holds now. */
async function sessionStorageTexts(): Promise<string[]> {
  return observer.evaluate(async () => [
    ...(window as unknown as { sessionWrites: string[] }).sessionWrites,
    JSON.stringify(await chrome.storage.session.get(null)),
  ]);
}

async function expectPasswordNotInSession(password: string): Promise<void> {
  const texts = await sessionStorageTexts();
  expect(texts.filter((t) => t.includes(password))).toEqual([]);
}

const INVALID: [label: string, value: string, message: RegExp][] = [
  ['PBX WebSocket URL', 'ws://pbx.example.com:8088/ws', /^Use wss:\/\/ — ws:\/\/ is only allowed for localhost$/],
  ['Extension', '10 01', /^Extension: 1-32 characters of A-Z a-z 0-9 \. _ \+ -$/],
  ['CRM record URL template', 'https://crm.example.com/contacts/{contact_id}', /^Unknown placeholder \{contact_id\}/],
  ['CRM search URL template', 'https://{ext}.crm.example.com/search?q={number}', /must be fixed: put placeholders only in the path or query$/],
  ['ICE servers', 'turn:turn.example.com:3478', /^Line 1: A TURN server needs a username and a credential$/],
];

describe('Chrome popup: the settings form', () => {
  it('shows an inline message beside each invalid field as it is typed, and Save stores none of them', async () => {
    await pollUntil('the popup to say "Not configured"', () => popupStatus(popup), (t) => t === 'Not configured');
    await typeInto(popup, 'Password', pbx.users[AGENT]!);
    for (const [label, value, message] of INVALID) {
      await typeInto(popup, label, value);
      expect(await fieldMessage(popup, label), label).toMatch(message);
    }
    // A placeholder in the host of the record template is refused as well.
    await typeInto(popup, 'CRM record URL template', 'https://crm-{ext}.example.com/contacts/{contact_ref}');
    expect(await fieldMessage(popup, 'CRM record URL template')).toMatch(/must be fixed/);
    expect(await fieldMessage(popup, 'Password')).toBeNull();
    expect(await fieldMessage(popup, 'Display name')).toBeNull();

    expect(await allMessages(popup)).toHaveLength(INVALID.length);

    await clickSave(popup);
    await pollUntil('"Not saved"', () => saveState(popup), (t) => t === 'Not saved: fix the highlighted fields');
    expect(await storedSettings(popup)).toBeUndefined();
    expect(await popupStatus(popup)).toBe('Not configured');
  });

  it('still shows every invalid field\'s message after a refused Save', async () => {
    // The agent is told to "fix the highlighted fields": all five must still be highlighted.
    const messages = await allMessages(popup);
    const labels = messages.map((m) => m.slice(0, m.indexOf(':')));
    expect(labels.sort()).toEqual(INVALID.map(([label]) => label).sort());
  });

  it('masks the password, and the toggle reveals and hides it again', async () => {
    const password = await control(popup, 'Password');
    expect(await password.evaluate((el) => el.type)).toBe('password');
    await popup.locator('::-p-aria(Show password)').click();
    await pollUntil('the password to show', () => password.evaluate((el) => el.type), (t) => t === 'text');
    expect(await valueOf(popup, 'Password')).toBe(pbx.users[AGENT]);
    await popup.locator('::-p-aria(Hide password)').click();
    await pollUntil('the password to be masked again', () => password.evaluate((el) => el.type), (t) => t === 'password');
    await expectPasswordNotInSession(pbx.users[AGENT]!);
  });

  const VALID: [label: string, value: string][] = [
    ['PBX WebSocket URL', ''], // filled in from the PBX's port below
    ['Extension', AGENT],
    ['Display name', 'Alex (Support)'],
    ['ICE servers', 'stun:stun.example.com:3478\nturn:turn.example.com:3478?transport=tcp agent7'],
    ['TURN credential', 's3cret'],
    ['CRM record URL template', 'https://crm.example.com/contacts/{contact_ref}?from={number}'],
    ['CRM search URL template', 'https://crm.example.com/search?q={number}'],
    ['Contact lookup field (CSS selector)', '#contact-search'],
  ];
  const valid = (): [string, string][] => VALID.map(([label, value]) => [label, label === 'PBX WebSocket URL' ? pbx.wsUrl : value]);

  it('saves valid values, says "Saved", and registers as 1001 with the test PBX', async () => {
    for (const [label, value] of valid()) await typeInto(popup, label, value);
    await (await control(popup, 'Submit lookup after filling')).click();
    await choose(popup, 'When to pop', 'When I answer');
    await choose(popup, 'Where to pop', 'Open a new tab');
    expect(await allMessages(popup)).toEqual([]);

    await clickSave(popup);
    await pollUntil('"Saved"', () => saveState(popup), (t) => t === 'Saved');
    // The secrets are not in storage.local (they are in the extension's IndexedDB).
    // Only the agent's choices are stored (version 4): fields left at their default are not.
    expect(await storedSettings(popup)).toEqual({
      pbxUrl: pbx.wsUrl,
      extension: AGENT,
      displayName: 'Alex (Support)',
      iceServers: [
        { urls: 'stun:stun.example.com:3478' },
        { urls: 'turn:turn.example.com:3478?transport=tcp', username: 'agent7' },
      ],
      recordUrlTemplate: 'https://crm.example.com/contacts/{contact_ref}?from={number}',
      searchUrlTemplate: 'https://crm.example.com/search?q={number}',
      lookupSelector: '#contact-search',
      lookupSubmit: true,
      popOn: 'answer',
      popTarget: 'new-tab',
      secretsStamp: expect.any(String),
    });
    await pollUntil('the popup to say "Registered as 1001"', () => popupStatus(popup), (t) => t === `Registered as ${AGENT}`);
    expect(pbx.requests('REGISTER', AGENT)).toBeGreaterThan(0);
    await expectPasswordNotInSession(pbx.users[AGENT]!);
  });

  it('shows the saved values when the popup is opened again, password still masked', async () => {
    await popup.close();
    popup = await openExtensionPage(chromium.browser, chromium.extensionId, 'popup.html');
    await pollUntil('the reopened popup to say "Registered as 1001"', () => popupStatus(popup), (t) => t === `Registered as ${AGENT}`);
    for (const [label, value] of valid()) expect(await valueOf(popup, label), label).toBe(value);
    expect(await valueOf(popup, 'SIP domain')).toBe('');
    expect(await valueOf(popup, 'Password')).toBe(pbx.users[AGENT]);
    expect(await (await control(popup, 'Password')).evaluate((el) => el.type)).toBe('password');
    expect(await (await control(popup, 'TURN credential')).evaluate((el) => el.type)).toBe('password');
    expect(await (await control(popup, 'Submit lookup after filling')).evaluate((el) => (el as HTMLInputElement).checked)).toBe(true);
    expect(await valueOf(popup, 'When to pop')).toBe('answer');
    expect(await valueOf(popup, 'Where to pop')).toBe('new-tab');
    expect(await allMessages(popup)).toEqual([]);
  });

  it('never wrote the password to storage.session, while it did mirror the phone state there', async () => {
    const texts = await sessionStorageTexts();
    expect(texts.some((t) => t.includes('"registered"'))).toBe(true);
    await expectPasswordNotInSession(pbx.users[AGENT]!);
  });
});
