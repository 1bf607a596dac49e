import { WrapUpSettings } from './wrap-up-settings';
import { useSettingsFormContext } from './use-settings-form';

/** Wrap-up and history: dispositions, the webhook, the wrap-up timer, retention (wrap-up-settings.tsx). */
export function WrapUpGroup() {
  const { draft, errors, isLocked, update, permissions } = useSettingsFormContext();
  return <WrapUpSettings draft={draft} errors={errors} update={update} isLocked={isLocked} permissions={permissions} />;
}
