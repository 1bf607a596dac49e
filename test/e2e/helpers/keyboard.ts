/**
 * Keyboard reachability of an extension page: Tab from the top until focus comes round, and every
 * visible, enabled control must have been reached, each with a visible focus indicator (an
 * outline or a box shadow while it has :focus-visible).
 */
import type { Page } from 'puppeteer-core';

export interface TabWalk {
  /** The page's visible enabled controls, described. */
  controls: string[];
  /** What Tab reached, in order (each once). */
  reached: string[];
  /** Reached controls that showed no focus indicator. */
  noFocusRing: string[];
}

const DESCRIBE = `(el) => {
  const label = el.getAttribute('aria-label') || (el.labels && el.labels[0] && el.labels[0].textContent.trim()) || el.textContent.trim() || el.id;
  return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + '[' + label.slice(0, 40) + ']';
}`;

export async function tabThrough(page: Page, maxSteps = 150): Promise<TabWalk> {
  await page.bringToFront();
  const controls = (await page.evaluate(`(() => {
    const describe = ${DESCRIBE};
    return [...document.querySelectorAll('button, input, select, textarea, a[href], [tabindex]:not([tabindex="-1"])')]
      .filter((el) => !el.disabled && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
      // A radio group is one Tab stop (its checked radio; arrow keys move inside it), as browsers do.
      .filter((el) => {
        if (!(el instanceof HTMLInputElement) || el.type !== 'radio' || el.name === '') return true;
        const group = [...document.querySelectorAll('input[type="radio"]')].filter((r) => r.name === el.name && !r.disabled);
        const stop = group.find((r) => r.checked) ?? group[0];
        return stop === el;
      })
      .map(describe);
  })()`)) as string[];
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const reached: string[] = [];
  const noFocusRing: string[] = [];
  for (let i = 0; i < maxSteps; i++) {
    await page.keyboard.press('Tab');
    const step = (await page.evaluate(`(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1) || style.boxShadow !== 'none';
      return { what: (${DESCRIBE})(el), ring, visible: el.matches(':focus-visible') };
    })()`)) as { what: string; ring: boolean; visible: boolean } | null;
    if (step === null) continue;
    if (reached.includes(step.what)) break;
    reached.push(step.what);
    if (!step.ring || !step.visible) noFocusRing.push(step.what);
  }
  return { controls, reached, noFocusRing };
}
