/**
 * Clicking the caller panel's buttons in Firefox (WebDriver BiDi, no CDP). The panel's shadow
 * root is closed, and BiDi's accessibility locator does not enter shadow roots from the document
 * (why puppeteer's `::-p-aria` finds none of the panel's buttons in Firefox ESR 153). So the
 * root is taken from BiDi's own serialisation (`includeShadowTree: 'all'` hands out closed roots)
 * and the button is located from it by accessible name and role (closed-root-bidi.ts), then
 * clicked with real pointer input (puppeteer's mouse over BiDi `input.performActions`: a
 * trusted click at its centre, so a hidden or covered button still fails the test). Reading the
 * panel (readPanelDom, waitForPanel) goes the same way. Nothing runs in the page's own world.
 */
import type { Page } from 'puppeteer-core';
import { findButtonBidi, type BidiButton } from './closed-root-bidi';
import { pollUntil } from './extension';
import { PANEL_HOST } from './panel-dom';

/** The visible panel button named `name`, scoped to one call's panel or strip when `callId` is given. */
export async function firefoxPanelButton(page: Page, name: string, callId?: string): Promise<BidiButton> {
  const found = await pollUntil(
    `a visible "${name}" button in the panel${callId ? ` of call ${callId}` : ''}`,
    () => findButtonBidi(page, PANEL_HOST, name, callId ?? null),
    (b) => b !== null,
  );
  return found!;
}

/** Brings the tab to the front and clicks the named panel button. */
export async function clickFirefoxPanelButton(page: Page, name: string, callId?: string): Promise<void> {
  await page.bringToFront();
  const button = await firefoxPanelButton(page, name, callId);
  await page.mouse.click(button.x, button.y);
}

/** aria-pressed of the named panel button ('true' / 'false' / null). */
export async function firefoxAriaPressed(page: Page, name: string, callId?: string): Promise<string | null> {
  return (await firefoxPanelButton(page, name, callId)).pressed;
}
