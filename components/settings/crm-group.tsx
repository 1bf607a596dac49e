import { t } from '@/lib/i18n';
import { CheckField, TextField } from './fields';
import { RecordTest } from './record-test';

/** Template syntax, the same in every language. */
const PLACEHOLDER_LIST = '{contact_ref} {number} {dial_number} {call_ref} {campaign_ref} {ext}';

/** CRM: where a call's record is and the page's lookup field. */
export function CrmGroup({ tests }: { tests: boolean }) {
  return (
    <fieldset id="group-crm">
      <legend>{t('settings.group.crm')}</legend>
      <TextField field="recordUrlTemplate" label={t('field.recordUrlTemplate.label')} placeholder="https://crm.example.com/contacts/{contact_ref}" hint={t('field.recordUrlTemplate.hint', [PLACEHOLDER_LIST])} />
      <TextField field="searchUrlTemplate" label={t('field.searchUrlTemplate.label')} placeholder="https://crm.example.com/search?q={number}" hint={t('field.searchUrlTemplate.hint')} />
      <TextField field="lookupSelector" label={t('field.lookupSelector.label')} placeholder="#contact-search" />
      <CheckField field="lookupSubmit" label={t('field.lookupSubmit.label')} />
      {tests && <RecordTest />}
    </fieldset>
  );
}
