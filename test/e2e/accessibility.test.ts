/**
 * Accessibility of the popup, the options page and the caller panel in Chromium: axe-core finds no
 * serious or critical WCAG 2.x A/AA violation (contrast included), every control is reachable
 * with Tab and shows a focus ring, and the ringing panel announces the call in its live region.
 * The panel is checked inside its closed shadow root (helpers/axe.ts).
 *
 * Needs `TELEFORGE_CRM_ORIGINS=http://127.0.0.1,http://localhost npx wxt build` first.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORMA_NOTIFICATION, platformaHeaderLines } from '../pbx/platforma-headers';
import { axeClosedRoot, axePage, seriousOf } from './helpers/axe';
import { endLiveCalls, ringFromCaller, startCrmSession, type CrmSession } from './helpers/crm-session';
import { openExtensionPage, openPopupSettings, pollUntil } from './helpers/extension';
import { tabThrough } from './helpers/keyboard';
import { PANEL_HOST, waitForPanel } from './helpers/panel-dom';

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

async function expectAccessible(page: Page, what: string): Promise<void> {
  const summary = await axePage(page);
  expect(summary.checked, `axe looked at nothing in ${what}`).toBeGreaterThan(20);
  expect(seriousOf(summary), `serious axe violations in ${what}`).toEqual([]);
}

async function expectKeyboardReachable(page: Page, what: string): Promise<void> {
  const walk = await tabThrough(page);
  expect(walk.controls.length, `no controls found in ${what}`).toBeGreaterThan(5);
  expect(walk.controls.filter((c) => !walk.reached.includes(c)), `controls Tab never reached in ${what}`).toEqual([]);
  expect(walk.noFocusRing, `controls without a visible focus ring in ${what}`).toEqual([]);
}

describe('the popup', () => {
  it('with the settings open (as saved in this popup): no serious axe violation, all reachable by Tab', async () => {
    await openPopupSettings(session.popup);
    await expectAccessible(session.popup, 'the popup');
    await expectKeyboardReachable(session.popup, 'the popup');
  });

  it('opened again once set up: the phone first, the form behind Settings; still accessible', async () => {
    const popup = await openExtensionPage(session.chromium.browser, session.chromium.extensionId, 'popup.html');
    try {
      const toggle = await pollUntil('the Settings button', () => popup.$eval('[data-action="toggle-settings"]', (b) => ({ hidden: (b as HTMLButtonElement).hidden, expanded: b.getAttribute('aria-expanded'), text: b.textContent })), (s) => !s.hidden);
      expect(toggle).toEqual({ hidden: false, expanded: 'false', text: 'Settings' });
      expect(await popup.$eval('#popup-settings', (el) => (el as HTMLElement).hidden)).toBe(true);
      await expectAccessible(popup, 'the set-up popup');
      await expectKeyboardReachable(popup, 'the set-up popup');
    } finally {
      await popup.close();
    }
  });

  it('in dark mode (the popup follows the system colour scheme): no serious axe violation, contrast included', async () => {
    const popup = await openExtensionPage(session.chromium.browser, session.chromium.extensionId, 'popup.html');
    try {
      await popup.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
      await pollUntil('the Settings button', () => popup.$eval('[data-action="toggle-settings"]', (b) => !(b as HTMLButtonElement).hidden), (shown) => shown);
      await openPopupSettings(popup);
      expect(await popup.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe('rgb(255, 255, 255)');
      await expectAccessible(popup, 'the popup in dark mode');
    } finally {
      await popup.close();
    }
  });

  it('while a call rings: the call controls are accessible too', async () => {
    await ringFromCaller(session, platformaHeaderLines());
    await pollUntil('Answer in the popup', () => session.popup.$$eval('.call__button--answer', (b) => b.length), (n) => n === 1);
    await expectAccessible(session.popup, 'the popup with a ringing call');
  });
});

describe('the options page', () => {
  it('no serious axe violation, all reachable by Tab', async () => {
    const options = await openExtensionPage(session.chromium.browser, session.chromium.extensionId, 'options.html');
    try {
      await pollUntil('the options form', () => options.$$eval('fieldset', (f) => f.length), (n) => n >= 6);
      await expectAccessible(options, 'the options page');
      await expectKeyboardReachable(options, 'the options page');
    } finally {
      await options.close();
    }
  });
});

describe('the caller panel', () => {
  it('ringing and in wrap-up: announced in its live region, no serious axe violation inside the closed root', async () => {
    const { callId } = await ringFromCaller(session, platformaHeaderLines());
    await session.crmTab.bringToFront();
    await waitForPanel(session.crmTab, callId, (p) => p.state === 'ringing' && p.announcements.includes(`Incoming call from ${PLATFORMA_NOTIFICATION.number}`));
    const ringing = await axeClosedRoot(session.crmTab, PANEL_HOST);
    expect(ringing.checked).toBeGreaterThan(10);
    expect(seriousOf(ringing)).toEqual([]);
    await session.caller.cancel();
    await waitForPanel(session.crmTab, callId, (p) => p.state === 'ended');
    const wrapUp = await axeClosedRoot(session.crmTab, PANEL_HOST);
    expect(seriousOf(wrapUp)).toEqual([]);
    // The CRM page itself still cannot reach the root.
    expect(await session.crmTab.evaluate((host) => document.querySelector(host)?.shadowRoot ?? null, PANEL_HOST)).toBeNull();
  });
});
