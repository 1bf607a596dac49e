import { browser } from 'wxt/browser';

/**
 * An extension page's <html lang dir> from the language its messages come in: the page's
 * messages say (`@@ui_locale`, `@@bidi_dir`), so a screen reader reads German as German and an
 * RTL language lays out right to left.
 */
export function applyDocumentLanguage(doc: Document): void {
  try {
    const locale = browser.i18n.getMessage('@@ui_locale');
    if (locale) doc.documentElement.lang = locale.replace('_', '-');
    doc.documentElement.dir = browser.i18n.getMessage('@@bidi_dir') === 'rtl' ? 'rtl' : 'ltr';
  } catch {
    // No i18n API (unit tests): the page's own lang="en" stays.
  }
}
