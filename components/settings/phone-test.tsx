import { formatMilliseconds, t, uiLocale } from '@/lib/i18n';
import { createLogger } from '@/lib/phone-host/logger';
import { phoneConfigFromSettings } from '@/lib/settings';
import { GroupTest, type TestOutcome } from './group-test';
import { useSettingsFormContext } from './use-settings-form';

const logger = createLogger('options');
const clock = { now: () => Date.now(), setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms), clearTimeout: (h: unknown) => clearTimeout(h as number) };

/** 'Test registration': one REGISTER and unREGISTER with the draft (lib/phone/test-register.ts). */
export function PhoneTest() {
  const form = useSettingsFormContext();
  const run = async (): Promise<TestOutcome> => {
    const settings = form.checkedDraft();
    if (!settings) return { ok: false, text: t('test.fixFirst') };
    const config = phoneConfigFromSettings(settings);
    if (!config) return { ok: false, text: t('test.registerIncomplete') };
    // SIP.js (~210 kB) only when the button is pressed: the popup shares this group and must open fast.
    const { testRegister } = await import('@/lib/phone/test-register');
    const result = await testRegister(config, { clock, logger });
    if (result.ok) return { ok: true, text: t('test.registerOk', [config.ext, formatMilliseconds(result.ms, uiLocale())]) };
    switch (result.kind) {
      case 'auth-failed':
        return { ok: false, text: t('test.registerAuth', [config.ext]) };
      case 'unreachable':
      case 'timeout':
        return { ok: false, text: t('test.registerUnreachable', [result.detail]) };
      case 'refused':
        return { ok: false, text: t('test.registerFailed', [result.detail]) };
    }
  };
  return <GroupTest id="phone" label={t('test.register')} run={run} />;
}
