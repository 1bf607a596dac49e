import type { DndMode } from '@/lib/phone/availability';

/** English strings in one place, for the locale files (i18n). */
const TEXT = {
  label: 'Do not disturb',
  options: {
    reject: 'Refuse calls (the caller hears busy; listed as missed)',
    unregister: 'Sign out of the PBX (it routes calls as for a logged-out agent)',
  } satisfies Record<DndMode, string>,
  locked: 'Set by your organisation.',
};

/** The `dndMode` setting: one select in the settings form, saved with it (part of its draft). */
export function DndModeSetting({ value, locked, onChange }: { value: DndMode; locked: boolean; onChange: (mode: DndMode) => void }) {
  return (
    <div class="field">
      <label for="dndMode">{TEXT.label}</label>
      <select id="dndMode" name="dndMode" value={value} disabled={locked} onChange={(e) => onChange(e.currentTarget.value as DndMode)}>
        {(Object.keys(TEXT.options) as DndMode[]).map((m) => (
          <option key={m} value={m}>
            {TEXT.options[m]}
          </option>
        ))}
      </select>
      {locked && <p class="field__hint">{TEXT.locked}</p>}
    </div>
  );
}
