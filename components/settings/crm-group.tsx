import { t } from '@/lib/i18n';
import { CheckField, TextField } from './fields';
import { RecordTest } from './record-test';
import { ClickToDialSettings } from './click-to-dial-settings';
import { CrmPreset } from './crm-preset';
import { LookupPicker } from './lookup-picker';
import { useSettingsFormContext } from './use-settings-form';

/** Template syntax, the same in every language. */
const PLACEHOLDER_LIST = '{contact_ref} {number} {dial_number} {call_ref} {campaign_ref} {ext}';

/** CRM: where a call's record is and the page's lookup field. */
export function CrmGroup({ tests }: { tests: boolean }) {
  const { draft, isLocked, updateFields, permissions } = useSettingsFormContext();
  return (
    <fieldset id="group-crm">
      <legend>{t('settings.group.crm')}</legend>
      <CrmPreset templates={draft} locked={isLocked('recordUrlTemplate') || isLocked('searchUrlTemplate')} onApply={updateFields} permissions={permissions} />
      <TextField field="recordUrlTemplate" label={t('field.recordUrlTemplate.label')} placeholder="https://crm.example.com/contacts/{contact_ref}" hint={t('field.recordUrlTemplate.hint', [PLACEHOLDER_LIST])} />
      <TextField field="searchUrlTemplate" label={t('field.searchUrlTemplate.label')} placeholder="https://crm.example.com/search?q={number}" hint={t('field.searchUrlTemplate.hint')} />
      <TextField field="lookupSelector" label={t('field.lookupSelector.label')} placeholder="#contact-search" />
      <LookupPicker selector={draft.lookupSelector} locked={isLocked('lookupSelector')} onPicked={(lookupSelector) => updateFields({ lookupSelector })} />
      <CheckField field="lookupSubmit" label={t('field.lookupSubmit.label')} />
      {tests && <RecordTest />}
    </fieldset>
  );
}

/** Click-to-dial in CRM pages: its own group, next to the CRM one. */
export function ClickToDialGroup() {
  const { draft, errors, isLocked, update } = useSettingsFormContext();
  return <ClickToDialSettings draft={draft} errors={errors} update={update} isLocked={isLocked} />;
}
