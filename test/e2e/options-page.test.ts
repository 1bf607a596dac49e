/**
 * The options page in German (Chromium started with LANGUAGE=de: on Linux its UI language, and
 * so the extension's messages, come from the environment): the groups and labels are German, the
 * form is driven by its German labels, 'Anmeldung testen' sends one REGISTER with the typed values
 * (nothing saved, no binding left, the password in no console line), 'Beispiel-Datensatz öffnen'
 * opens the sample record in the fixture CRM, and Speichern registers the phone ('Angemeldet als').
 *
 * Needs `TELEFORGE_CRM_ORIGINS=http://127.0.0.1,http://localhost npx wxt build` first.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCrm, type CrmServer } from '../crm/crm-server';
import { AGENT, startAgentSession, type AgentSession } from './helpers/agent-session';
import { openExtensionPage, pollUntil, popupStatus } from './helpers/extension';
import { saveState, storedSettings, typeInto } from './helpers/popup-form';

let session: AgentSession;
let crm: CrmServer;
let options: Page;
const consoleLines: string[] = [];

beforeAll(async () => {
  crm = await startCrm();
  session = await startAgentSession({ configure: false, launch: { env: { LANGUAGE: 'de' } } });
  options = await openExtensionPage(session.chromium.browser, session.chromium.extensionId, 'options.html');
  options.on('console', (m) => consoleLines.push(m.text()));
  await pollUntil('the options form', () => options.$$eval('fieldset', (f) => f.length), (n) => n >= 6);
});

afterAll(async () => {
  await session?.close();
  await crm?.close();
});

const testResult = (group: string) => options.$eval(`[data-field="${group}-test-result"]`, (el) => el.textContent ?? '');
async function clickButton(name: string): Promise<void> {
  // A tab opened by the page (the sample record) is in front; clicks in a background tab can hang.
  await options.bringToFront();
  await options.locator(`::-p-aria(${name}[role="button"])`).click();
}

it('shows the groups, labels and buttons in German, and says so in <html lang>', async () => {
  expect(await options.evaluate(() => document.documentElement.lang)).toBe('de');
  expect(await options.$$eval('legend', (ls) => ls.map((l) => l.textContent))).toEqual([
    'Telefon', 'Anrufe', 'Bridge', 'CRM', 'Klick-zum-Wählen', 'Screen-Pop', 'Verlauf und Nachbearbeitung', 'Audio', 'Audiogeräte', 'Datenschutz',
  ]);
  const labels = await options.$$eval('label', (ls) => ls.map((l) => l.textContent?.trim()));
  expect(labels).toEqual(
    expect.arrayContaining(['WebSocket-URL der Telefonanlage', 'Nebenstelle', 'Passwort', 'Anzeigename', 'Bridge-URL', 'URL-Vorlage für CRM-Datensätze', 'Wann öffnen', 'ICE-Server']),
  );
  expect(labels).not.toContain('Extension');
  expect(await options.$eval('h1', (h) => h.textContent)).toBe('Einstellungen von Teleforge Screen-Pop');
  expect(await options.$eval('#popOn', (s) => [...(s as HTMLSelectElement).options].map((o) => o.text))).toEqual(['Wenn der Anruf klingelt', 'Wenn ich annehme', 'Nie']);
  expect(await options.$eval('button[type="submit"]', (b) => b.textContent)).toBe('Speichern');
});

it('tests the registration with the typed values: a wrong password, then the right one; nothing saved, nothing logged', async () => {
  await typeInto(options, 'WebSocket-URL der Telefonanlage', session.pbx.wsUrl);
  await typeInto(options, 'Nebenstelle', AGENT);
  await typeInto(options, 'Passwort', 'falsches-passwort');
  await clickButton('Anmeldung testen');
  await pollUntil('the refused test', () => testResult('phone'), (t) => t.startsWith('Die Telefonanlage hat Nebenstelle 1001 abgelehnt'));

  const registers = session.pbx.requests('REGISTER', AGENT);
  await typeInto(options, 'Passwort', session.pbx.users[AGENT]!);
  await clickButton('Anmeldung testen');
  const ok = await pollUntil('the test to register', () => testResult('phone'), (t) => t.startsWith('Als 1001 angemeldet und wieder abgemeldet'));
  // The round trip in the locale's number format and unit (Intl), e.g. "(48 ms)".
  expect(ok).toMatch(/\(\d[\d.]* ms\)\.$/);
  expect(session.pbx.requests('REGISTER', AGENT)).toBeGreaterThan(registers);
  expect(await session.pbx.contacts(AGENT)).toEqual([]);
  expect(await storedSettings(options)).toBeUndefined();
  for (const secret of ['falsches-passwort', session.pbx.users[AGENT]!]) {
    expect(consoleLines.filter((l) => l.includes(secret))).toEqual([]);
  }
});

it('opens a sample record from the typed record template in a new tab', async () => {
  await typeInto(options, 'URL-Vorlage für CRM-Datensätze', `${crm.origin}/contacts/{contact_ref}`);
  const tabs = (await session.chromium.browser.pages()).length;
  await clickButton('Beispiel-Datensatz öffnen');
  await crm.waitForRequest((r) => r.path === '/contacts/SAMPLE-1');
  expect(await testResult('crm')).toBe(`Geöffnet: ${crm.origin}/contacts/SAMPLE-1`);
  await pollUntil('the sample record tab', async () => (await session.chromium.browser.pages()).length, (n) => n === tabs + 1);
});

it('a bridge test without URL and token says what is missing', async () => {
  await clickButton('Bridge-Verbindung testen');
  await pollUntil('the bridge test result', () => testResult('bridge'), (t) => t === 'Bitte zuerst Bridge-URL und Token eingeben.');
});

it('saves in German and the phone registers: the popup says "Angemeldet als 1001"', async () => {
  await options.bringToFront();
  await clickButton('Speichern');
  await pollUntil('"Gespeichert"', () => saveState(options), (t) => t === 'Gespeichert');
  await pollUntil('the popup in German', () => popupStatus(session.popup), (t) => t === `Angemeldet als ${AGENT}`, { timeoutMs: 30_000 });
});
