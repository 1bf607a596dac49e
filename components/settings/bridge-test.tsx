import { testBridgeConnection } from '@/lib/bridge-client/test-connection';
import type { BridgeSocketConstructor } from '@/lib/bridge-client';
import { formatMilliseconds, t, uiLocale } from '@/lib/i18n';
import { bridgeConfigFromSettings } from '@/lib/settings';
import { GroupTest, type TestOutcome } from './group-test';
import { useSettingsFormContext } from './use-settings-form';

/** 'Test bridge connection': connect with the draft's URL and token up to the bridge's hello. */
export function BridgeTest() {
  const form = useSettingsFormContext();
  const run = async (): Promise<TestOutcome> => {
    const settings = form.checkedDraft();
    if (!settings) return { ok: false, text: t('test.fixFirst') };
    const config = bridgeConfigFromSettings(settings);
    if (!config) return { ok: false, text: t('test.bridgeIncomplete') };
    const result = await testBridgeConnection(config, {
      WebSocket: WebSocket as unknown as BridgeSocketConstructor,
      fetch: (url, init) => fetch(url, init),
      now: () => Date.now(),
    });
    if (result.ok) return { ok: true, text: t('test.bridgeOk', [result.ext, formatMilliseconds(result.ms, uiLocale())]) };
    switch (result.kind) {
      case 'wrong-token':
        return { ok: false, text: t('test.bridgeWrongToken') };
      case 'rate-limited':
        return { ok: false, text: t('test.bridgeRateLimited') };
      case 'unreachable':
      case 'timeout':
        return { ok: false, text: t('test.bridgeUnreachable') };
      case 'protocol':
        return { ok: false, text: t('test.bridgeFailed', [result.detail ?? '']) };
    }
  };
  return <GroupTest id="bridge" label={t('test.bridge')} run={run} />;
}
