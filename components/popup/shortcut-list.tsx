import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t } from '@/lib/i18n';


interface Row {
  name: string;
  description: string;
  shortcut: string;
}

/**
 * The shortcuts as the browser has them now (commands.getAll: the agent may have changed or
 * cleared the suggested keys), and the way to change them.
 */
export function ShortcutList() {
  const [rows, setRows] = useState<Row[] | null>(null);
  useEffect(() => {
    let open = true;
    // Through a promise: an API missing here (a test's fake browser) throws synchronously.
    Promise.resolve()
      .then(() => browser.commands.getAll())
      .then((all) => {
        if (!open) return;
        // _execute_action (the toolbar button) is the browser's own entry, not one of ours.
        const ours = all.filter((c) => c.name !== undefined && !c.name.startsWith('_'));
        setRows(ours.map((c) => ({ name: c.name ?? '', description: c.description ?? c.name ?? '', shortcut: c.shortcut ?? '' })));
      })
      .catch(() => open && setRows([]));
    return () => {
      open = false;
    };
  }, []);
  if (rows === null || rows.length === 0) return null;
  const chrome = import.meta.env.CHROME;
  return (
    <>
    <details class="shortcuts">
      <summary>{t('shortcuts.summary')}</summary>
      <dl class="shortcuts__list">
        {rows.map((r) => (
          <div key={r.name} data-command={r.name}>
            <dt>{r.description}</dt>
            <dd>{r.shortcut ? <kbd>{r.shortcut}</kbd> : t('shortcuts.unset')}</dd>
          </div>
        ))}
      </dl>
    </details>
      {/* Outside the <details>: a control folded away in it would still be counted but not reachable by Tab. */}
      {chrome ? (
        // A page cannot link to chrome:// URLs; tabs.create may open them.
        <button type="button" class="shortcuts__change" onClick={() => void browser.tabs.create({ url: 'chrome://extensions/shortcuts' })}>
          {t('shortcuts.change')}
        </button>
      ) : (
        <p class="shortcuts__hint">{t('shortcuts.firefoxHint')}</p>
      )}
    </>
  );
}
