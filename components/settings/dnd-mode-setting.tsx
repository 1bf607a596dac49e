import type { DndMode } from '@/lib/phone/availability';
import { t } from '@/lib/i18n';

/** The strings of this component (locales/*.yml), read when rendered. */
const TEXT = {
  get label() { return t('field.dndMode.label'); },
  options: {
    get reject() { return t('field.dndMode.reject'); },
    get unregister() { return t('field.dndMode.unregister'); },
  } satisfies Record<DndMode, string>,
  get locked() { return t('field.dndMode.locked'); },
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
