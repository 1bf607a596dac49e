import type { Draft } from '@/components/popup/settings-draft';
import { CallSettings } from './call-settings';
import { useSettingsFormContext } from './use-settings-form';

/** Calls: call waiting and how keypad digits are sent (call-settings.tsx), in the shared form. */
export function CallGroup() {
  const { draft, errors, isLocked, update } = useSettingsFormContext();
  return <CallSettings value={draft} errors={errors} isLocked={isLocked} onChange={(field, value) => update(field, value as Draft[typeof field])} />;
}
