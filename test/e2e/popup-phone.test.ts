/**
 * The popup as the phone in Chromium: a ringing call shows its controls; ended calls appear under
 * 'Last calls' with their outcome and talk time; the dial pad takes typed numbers, refuses a bad
 * one and places an outbound call with a good one; once set up, the settings form
 * is behind 'Settings' and the 'All settings' link opens the options page.
 *
 * Needs `TELEFORGE_CRM_ORIGINS=http://127.0.0.1,http://localhost npx wxt build` first.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { PLATFORMA_NOTIFICATION, platformaHeaderLines } from '../pbx/platforma-headers';
import { endLiveCalls, ringFromCaller, startCrmSession, type CrmSession } from './helpers/crm-session';
import { extensionUrl, openExtensionPage, pollUntil, readPhoneState } from './helpers/extension';

let session: CrmSession;

beforeAll(async () => {
  session = await startCrmSession();
});

afterEach(async () => {
  await endLiveCalls(session);
});

afterAll(async () => {
  await session?.close();
});

const lastCalls = () =>
  session.popup.$$eval('.recent__call', (items) =>
    items.map((li) => ({
      number: li.querySelector('[data-field="number"]')?.textContent,
      outcome: li.querySelector('[data-field="outcome"]')?.textContent,
      duration: li.querySelector('[data-field="duration"]')?.textContent,
    })),
  );
const dialMessage = () => session.popup.$eval('#dial-message', (el) => el.textContent ?? '');

it('lists a missed call, then an answered one with its talk time, newest first', async () => {
  expect(await session.popup.$eval('.recent__none', (el) => el.textContent)).toBe('No calls yet in this session.');
  const missed = await ringFromCaller(session, platformaHeaderLines());
  await session.caller.cancel();
  await pollUntil('the missed call under Last calls', lastCalls, (calls) => calls.length === 1);
  expect(await lastCalls()).toEqual([{ number: PLATFORMA_NOTIFICATION.number, outcome: 'Missed call', duration: 'not answered' }]);

  const answered = await ringFromCaller(session, platformaHeaderLines());
  expect(answered.callId).not.toBe(missed.callId);
  await session.popup.bringToFront();
  await session.popup.locator('::-p-aria(Answer[role="button"])').click();
  await pollUntil('the call to be active', () => readPhoneState(session.popup), (s) => s?.calls.some((c) => c.id === answered.callId && c.state === 'active') ?? false);
  await new Promise((r) => setTimeout(r, 1_200));
  await session.popup.locator('::-p-aria(Hang up[role="button"])').click();
  const calls = await pollUntil('two calls under Last calls', lastCalls, (c) => c.length === 2);
  expect(calls[0]).toMatchObject({ number: PLATFORMA_NOTIFICATION.number, outcome: 'Call ended' });
  // Intl's short units: '1 sec', '2 sec'.
  expect(calls[0]!.duration).toMatch(/^\d+ sec$/);
  expect(calls[1]!.outcome).toBe('Missed call');
});

it('dial pad: keys and typing fill one field; a bad number is refused; a good one is dialled', async () => {
  await session.popup.bringToFront();
  for (const key of ['0', '3', '0']) await session.popup.locator(`.dial__keys ::-p-aria(${key}[role="button"])`).click();
  expect(await session.popup.$eval('#dial-number', (el) => (el as HTMLInputElement).value)).toBe('030');
  await session.popup.type('#dial-number', '-12 34');
  await session.popup.locator('::-p-aria(Delete last digit[role="button"])').click();
  expect(await session.popup.$eval('#dial-number', (el) => (el as HTMLInputElement).value)).toBe('030-12 3');
  await session.popup.type('#dial-number', 'x');
  await session.popup.keyboard.press('Enter');
  await pollUntil('the invalid-number message', dialMessage, (t) => t === 'Type a number: digits, + * # only.');
  await session.popup.locator('::-p-aria(Delete last digit[role="button"])').click();
  await session.popup.locator('::-p-aria(Call[role="button"])').click();
  await pollUntil('the dial pad to say it calls', dialMessage, (t) => t.startsWith('Calling '));
  await pollUntil(
    'an outbound call in the phone state',
    () => readPhoneState(session.popup),
    (state) => state?.calls.some((c) => c.direction === 'outbound') === true,
  );
});

it('set up: a new popup shows the phone with the settings folded away; Settings opens them, All settings opens the options page', async () => {
  const popup = await openExtensionPage(session.chromium.browser, session.chromium.extensionId, 'popup.html');
  try {
    await pollUntil('the Settings button', () => popup.$eval('[data-action="toggle-settings"]', (b) => !(b as HTMLButtonElement).hidden), (shown) => shown);
    expect(await popup.$eval('#popup-settings', (el) => (el as HTMLElement).hidden)).toBe(true);
    await popup.locator('::-p-aria(Settings[role="button"])').click();
    await pollUntil('the form shown', () => popup.$eval('#popup-settings', (el) => (el as HTMLElement).hidden), (hidden) => !hidden);
    expect(await popup.$eval('#extension', (el) => (el as HTMLInputElement).value)).toBe('1001');
    const target = session.chromium.browser.waitForTarget((t) => t.url() === extensionUrl(session.chromium.extensionId, 'options.html'), { timeout: 10_000 });
    await popup.locator('::-p-aria(All settings[role="button"])').click();
    await target;
  } finally {
    await popup.close();
  }
});
