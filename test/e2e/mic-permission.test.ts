/**
 * Microphone grant. The popup offers it while the extension has no microphone permission; the
 * extension page it opens asks for it. Headless Chromium dismisses real prompts, so the test
 * plays the user: it sees the "blocked" advice, grants the permission the way the address-bar
 * control would (CDP), and asks again. The offscreen document, which cannot prompt, can then
 * open the microphone.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launchChromium, type LaunchedBrowser } from './helpers/launch-browser';
import { extensionUrl, offscreenPage, openExtensionPage, pollUntil } from './helpers/extension';

let chromium: LaunchedBrowser;
let popup: Page;

beforeAll(async () => {
  chromium = await launchChromium({ fakeMediaUi: false });
  popup = await openExtensionPage(chromium.browser, chromium.extensionId, 'popup.html');
});

afterAll(async () => {
  await chromium?.close();
});

const offer = () => popup.evaluate(() => document.querySelector('.mic-offer')?.textContent ?? null);
const resultText = (page: Page) => page.evaluate(() => document.getElementById('result')?.textContent ?? '');

it('offers the microphone grant until it is given; the offscreen document may then use the microphone', async () => {
  const offscreen = await offscreenPage(chromium.browser, chromium.extensionId);
  const micState = () =>
    offscreen.evaluate(async () => (await navigator.permissions.query({ name: 'microphone' as PermissionName })).state);
  expect(await micState()).toBe('prompt');
  await pollUntil('the microphone offer', offer, (text) => text === 'Calls need your microphone. Allow microphone');

  const opened = chromium.browser.waitForTarget((t) => t.url() === extensionUrl(chromium.extensionId, 'mic-permission.html'));
  await popup.bringToFront();
  await popup.locator('::-p-aria(Allow microphone[role="button"])').click();
  const grantPage = (await (await opened).asPage())!;
  await pollUntil('the grant page to explain the block', () => resultText(grantPage), (t) => t.startsWith('The microphone was blocked'));
  await pollUntil('the popup to say the microphone is blocked', offer, (t) => t?.startsWith('The microphone is blocked') ?? false);

  // The user allows it from the address bar.
  await chromium.browser.defaultBrowserContext().overridePermissions(extensionUrl(chromium.extensionId, '').replace(/\/$/, ''), ['microphone']);
  await pollUntil('the offer to go away', offer, (text) => text === null);
  await grantPage.bringToFront();
  await grantPage.locator('::-p-aria(Ask again[role="button"])').click();
  await pollUntil('the grant page to report success', () => resultText(grantPage), (t) => t.startsWith('Microphone allowed'));

  const tracks = await offscreen.evaluate(async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    const count = stream.getAudioTracks().length;
    for (const track of stream.getTracks()) track.stop();
    return count;
  });
  expect(tracks).toBe(1);
});
