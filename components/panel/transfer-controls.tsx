import { useState } from 'preact/hooks';
import { msg } from '@/lib/content/panel-i18n';
import { transferControls, transferText } from '@/lib/content/transfer-text';
import type { PanelCall } from '@/lib/screen-pop/panel-view';
import type { PanelActions } from './panel-actions';
import { useAction } from './use-action';

const TEXT = {
  get open() { return msg('panel.transfer.open'); },
  get heading() { return msg('panel.transfer.heading'); },
  get placeholder() { return msg('panel.transfer.placeholder'); },
  get blind() { return msg('panel.transfer.blind'); },
  get consult() { return msg('panel.transfer.consult'); },
  get complete() { return msg('panel.transfer.complete'); },
  get cancel() { return msg('panel.transfer.cancel'); },
};

/**
 * Transfer of an active call in the caller panel: a target field with Blind (REFER now) and
 * Consult (hold the caller, call the target first), then Complete / Cancel while consulting; the
 * outcome line follows the phone's `transfer` (data-transfer-phase is the e2e tests' hook).
 */
export function TransferControls({ call, actions }: { call: PanelCall; actions: PanelActions }) {
  const { busy, error, run } = useAction();
  const [open, setOpen] = useState(false);
  const [target, setTarget] = useState('');
  const { transfer, id } = call;
  const can = transferControls(transfer);
  const consultId = transfer?.consultCallId;
  const start = (how: 'transfer' | 'consult') =>
    run(async () => {
      await actions[how](id, target.trim());
      setOpen(false);
    });
  return (
    <div class="transfer" data-part="transfer">
      {transfer !== undefined && (
        <p data-field="transfer" data-transfer-phase={transfer.phase} class={`note transfer--${transfer.status}`} role="status">
          {transferText(transfer)}
        </p>
      )}
      {error !== null && (
        <p data-field="transfer-error" class="error" role="alert">
          {error}
        </p>
      )}
      {can.start && open && (
        <form class="transfer__form" onSubmit={(e) => e.preventDefault()}>
          <input
            data-field="transfer-target"
            aria-label={TEXT.heading}
            placeholder={TEXT.placeholder}
            maxLength={256}
            autoComplete="off"
            value={target}
            onInput={(e) => setTarget((e.target as HTMLInputElement).value)}
          />
          <button type="button" disabled={busy || target.trim() === ''} onClick={start('transfer')}>
            {TEXT.blind}
          </button>
          <button type="button" disabled={busy || target.trim() === ''} onClick={start('consult')}>
            {TEXT.consult}
          </button>
        </form>
      )}
      <div class="actions">
        {can.start && !open && (
          <button type="button" disabled={busy} onClick={() => setOpen(true)}>
            {TEXT.open}
          </button>
        )}
        {can.complete && consultId !== undefined && (
          <button type="button" class="primary" disabled={busy} onClick={run(() => actions.completeTransfer(id, consultId))}>
            {TEXT.complete}
          </button>
        )}
        {can.cancel && (
          <button type="button" disabled={busy} onClick={run(() => actions.cancelTransfer(id))}>
            {TEXT.cancel}
          </button>
        )}
      </div>
    </div>
  );
}
