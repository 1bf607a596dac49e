import { t } from '@/lib/i18n';
import { ChoiceField } from './fields';

/** Screen-pop: when and where a call's CRM page opens. */
export function ScreenPopGroup() {
  return (
    <fieldset id="group-screen-pop">
      <legend>{t('settings.group.screenPop')}</legend>
      <ChoiceField
        field="popOn"
        label={t('field.popOn.label')}
        options={[
          ['ring', t('field.popOn.ring')],
          ['answer', t('field.popOn.answer')],
          ['off', t('field.popOn.off')],
        ]}
      />
      <ChoiceField
        field="popTarget"
        label={t('field.popTarget.label')}
        options={[
          ['reuse-tab', t('field.popTarget.reuseTab')],
          ['new-tab', t('field.popTarget.newTab')],
        ]}
      />
    </fieldset>
  );
}
