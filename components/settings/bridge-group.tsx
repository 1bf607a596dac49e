import { t } from '@/lib/i18n';
import { BridgeTest } from './bridge-test';
import { SecretField, TextField } from './fields';

/** Bridge: the Redis bridge channel (docs/bridge-protocol.md). */
export function BridgeGroup({ tests }: { tests: boolean }) {
  return (
    <fieldset id="group-bridge">
      <legend>{t('settings.group.bridge')}</legend>
      <TextField field="bridgeUrl" label={t('field.bridgeUrl.label')} placeholder="wss://bridge.example.com/agent" hint={t('field.bridgeUrl.hint')} inputMode="url" />
      <SecretField field="bridgeToken" label={t('field.bridgeToken.label')} what={t('settings.secret.token')} />
      {tests && <BridgeTest />}
    </fieldset>
  );
}
