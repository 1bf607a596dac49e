/**
 * Drives the popup's settings form the way an agent does: every control is found through the
 * text of its <label>, filled with real key events, and its inline message is the one tied to it
 * (aria-describedby) inside the same form row.
 */
import type { ElementHandle, Page } from 'puppeteer-core';
import { openPopupSettings, pollUntil } from './extension';

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/**
 * The control whose <label> reads exactly `label` (bidi control characters aside, so the
 * pseudo-RTL build's labels match their English text); waits for the form to load.
 */
export async function control(page: Page, label: string): Promise<ElementHandle<Control>> {
  await openPopupSettings(page);
  const found = await pollUntil(
    `the control labelled "${label}"`,
    async () => {
      const handle = await page.evaluateHandle((text) => {
        const el = [...document.querySelectorAll('label')].find((l) => l.textContent?.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').trim() === text);
        return el?.control ?? null;
      }, label);
      return handle.asElement() as ElementHandle<Control> | null;
    },
    (h) => h !== null,
  );
  return found!;
}

/** Replaces the value of a text input or textarea by selecting it all and typing over it. */
export async function typeInto(page: Page, label: string, value: string): Promise<void> {
  const field = await control(page, label);
  await field.evaluate((el) => {
    el.focus();
    if (!(el instanceof HTMLSelectElement)) el.select();
  });
  await page.keyboard.press('Backspace');
  // Newlines in a textarea are typed as Enter, like an agent would.
  await field.type(value);
}

export async function valueOf(page: Page, label: string): Promise<string> {
  return (await control(page, label)).evaluate((el) => el.value);
}

/** Picks the option whose visible text is `optionText` in the select labelled `label`. */
export async function choose(page: Page, label: string, optionText: string): Promise<void> {
  const select = (await control(page, label)) as ElementHandle<HTMLSelectElement>;
  const value = await select.evaluate((el, text) => [...el.options].find((o) => o.text === text)?.value ?? null, optionText);
  if (value === null) throw new Error(`"${label}" has no option "${optionText}"`);
  await select.select(value);
}

/**
 * The inline message shown for a field: the role=alert element its control names in
 * aria-describedby, which must sit in the same row as the label. null when there is none.
 */
export async function fieldMessage(page: Page, label: string): Promise<string | null> {
  const field = await control(page, label);
  return field.evaluate((el) => {
    const row = el.closest('.field');
    const ids = (el.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
    const message = ids.map((id) => document.getElementById(id)).find((m) => m?.getAttribute('role') === 'alert');
    if (!message) return null;
    if (!row || !row.contains(message)) throw new Error('the message is not next to its field');
    if (el.getAttribute('aria-invalid') !== 'true') throw new Error('a field with a message is not marked aria-invalid');
    return message.textContent ?? '';
  });
}

/** Every inline message in the form, as "label: message". */
export async function allMessages(page: Page): Promise<string[]> {
  return page.$$eval('.field [role="alert"]', (els) =>
    els.map((m) => `${m.closest('.field')?.querySelector('label')?.textContent ?? '?'}: ${m.textContent ?? ''}`),
  );
}

/** The text beside the Save button ("Saved", "Not saved: …"). */
export async function saveState(page: Page): Promise<string> {
  return page.$eval('.save-state', (el) => el.textContent ?? '');
}

export async function clickSave(page: Page): Promise<void> {
  await page.bringToFront();
  await page.locator('::-p-aria(Save[role="button"])').click();
}

/** What the form wrote to extension storage (the wxt item 'local:settings'). */
export async function storedSettings(page: Page): Promise<Record<string, unknown> | undefined> {
  return page.evaluate(async () => (await chrome.storage.local.get('settings'))['settings'] as Record<string, unknown> | undefined);
}
