import type { Draft } from '@/components/popup/settings-draft';
import { CallSettings } from './call-settings';
import { DndModeSetting } from './dnd-mode-setting';
import { useSettingsFormContext } from './use-settings-form';

/** Calls: call waiting, how keypad digits are sent (call-settings.tsx) and what Do not disturb does. */
export function CallGroup() {
  const { draft, errors, isLocked, update } = useSettingsFormContext();
  return (
    <>
      <CallSettings value={draft} errors={errors} isLocked={isLocked} onChange={(field, value) => update(field, value as Draft[typeof field])} />
      <DndModeSetting value={draft.dndMode} locked={isLocked('dndMode')} onChange={(mode) => update('dndMode', mode)} />
    </>
  );
}
