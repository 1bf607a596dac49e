import { browser } from 'wxt/browser';
import type { CallNotification } from '@/lib/call-notification';
import { buildRecordUrl } from '@/lib/crm';
import { t } from '@/lib/i18n';
import { GroupTest, type TestOutcome } from './group-test';
import { useSettingsFormContext } from './use-settings-form';

/** A made-up call: the record template gets a contact ref, the search template a number. */
export const SAMPLE_CALL: CallNotification = {
  number: '+15550100',
  dialNumber: '+15550199',
  holdTimeSec: 12,
  callRef: 'SAMPLE-CALL-1',
  contactRef: 'SAMPLE-1',
  campaignRef: 'inbound',
  direction: 'inbound',
  ext: '1001',
  format: 'sip',
};

/** 'Open a sample record': the record URL built from the draft templates for SAMPLE_CALL, in a new tab. */
export function RecordTest() {
  const form = useSettingsFormContext();
  const run = async (): Promise<TestOutcome> => {
    const settings = form.checkedDraft();
    if (!settings) return { ok: false, text: t('test.fixFirst') };
    if (settings.recordUrlTemplate === '' && settings.searchUrlTemplate === '') return { ok: false, text: t('test.recordIncomplete') };
    const built = buildRecordUrl(settings, settings.recordUrlTemplate === '' ? { ...SAMPLE_CALL, contactRef: '' } : SAMPLE_CALL);
    if (!built.ok) return { ok: false, text: t('test.recordFailed', [built.error]) };
    await browser.tabs.create({ url: built.url, active: true });
    return { ok: true, text: t('test.recordOpened', [built.url]) };
  };
  return <GroupTest id="crm" label={t('test.record')} run={run} />;
}
