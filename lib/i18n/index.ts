/**
 * The extension pages' translator (popup, options page, worker notifications): @wxt-dev/i18n's
 * typed wrapper over browser.i18n, messages in locales/<lang>.yml (key scheme: locales/README.md).
 * The caller panel's content script does not use this (it must stay small): lib/content/panel-i18n.ts.
 * The language is the browser's; there is no in-extension switch (browser.i18n has none).
 */
import { i18n } from '#i18n';
import { browser } from 'wxt/browser';

export const t = i18n.t;

/** The browser's UI language ('de', 'en-US'), for Intl; 'en' where the engine cannot say. */
export function uiLocale(): string {
  try {
    return browser.i18n.getUILanguage() || 'en';
  } catch {
    return 'en';
  }
}

export { formatCount, formatDuration, formatMilliseconds, formatTimeOfDay } from './format';
