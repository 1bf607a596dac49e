/**
 * Clicking the caller panel's buttons in Firefox. panel-dom.ts finds them with puppeteer's ARIA
 * selector, which over WebDriver BiDi (browsingContext.locateNodes with an accessibility locator)
 * does not look inside shadow roots in Firefox ESR 153: it finds a page's own buttons but none of
 * the panel's. So here the button is found in the open shadow root by the name a screen reader
 * would use for it (aria-label, else its text) and clicked with real pointer input, so a hidden
 * or covered button still fails the test. Reading the panel (readPanelDom, waitForPanel) works
 * over BiDi as it is.
 */
import type { ElementHandle, Page } from 'puppeteer-core';
import { pollUntil } from './extension';
import { PANEL_HOST } from './panel-dom';

/** The visible panel button named `name`, scoped to one call's panel or strip when `callId` is given. */
export async function firefoxPanelButton(page: Page, name: string, callId?: string): Promise<ElementHandle<HTMLButtonElement>> {
  const found = await pollUntil(
    `a visible "${name}" button in the panel${callId ? ` of call ${callId}` : ''}`,
    async () => {
      const handle = await page.evaluateHandle(
        (hostName, wanted, id) => {
          const root = document.querySelector(hostName)?.shadowRoot;
          if (!root) return null;
          const scope = id === null ? root : root.querySelector(`[data-call-id="${CSS.escape(id)}"]`);
          if (!scope) return null;
          const accessibleName = (b: HTMLButtonElement) => (b.getAttribute('aria-label') ?? b.textContent ?? '').trim();
          return [...scope.querySelectorAll('button')].find((b) => accessibleName(b) === wanted) ?? null;
        },
        PANEL_HOST,
        name,
        callId ?? null,
      );
      const button = handle.asElement() as ElementHandle<HTMLButtonElement> | null;
      return button !== null && (await button.isVisible()) ? button : null;
    },
    (h) => h !== null,
  );
  return found!;
}

/** Brings the tab to the front and clicks the named panel button. */
export async function clickFirefoxPanelButton(page: Page, name: string, callId?: string): Promise<void> {
  await page.bringToFront();
  await (await firefoxPanelButton(page, name, callId)).click();
}

/** aria-pressed of the named panel button ('true' / 'false' / null). */
export async function firefoxAriaPressed(page: Page, name: string, callId?: string): Promise<string | null> {
  return (await firefoxPanelButton(page, name, callId)).evaluate((el) => el.getAttribute('aria-pressed'));
}
