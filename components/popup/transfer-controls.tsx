import { useEffect, useState } from 'preact/hooks';
import { transferControls, transferText } from '@/lib/content/transfer-text';
import { t } from '@/lib/i18n';
import { sendMessage } from '@/lib/messages';
import type { CallSnapshot } from '@/lib/phone';

const TEXT = {
  get heading() { return t('call.transfer.heading'); },
  get placeholder() { return t('call.transfer.placeholder'); },
  get blind() { return t('call.transfer.blind'); },
  get consult() { return t('call.transfer.consult'); },
  get complete() { return t('call.transfer.complete'); },
  get cancel() { return t('call.transfer.cancel'); },
};

type Step = 'blind' | 'consult' | 'complete' | 'cancel';

/**
 * The popup's transfer controls for the active SIP call (the same steps as the caller panel's,
 * components/panel/transfer-controls.tsx): a target field with Blind transfer / Consult, then
 * Complete / Cancel while consulting, and the outcome line from the call's `transfer`.
 */
export function TransferControls({ call }: { call: CallSnapshot }) {
  const [target, setTarget] = useState('');
  const [pending, setPending] = useState<Step | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setError(null);
    setTarget('');
  }, [call.id]);
  const { transfer } = call;
  const can = transferControls(transfer);
  const consultId = transfer?.consultCallId;

  const act = (step: Step) => {
    setPending(step);
    setError(null);
    send(step, call.id, target.trim(), consultId)
      .catch((e: unknown) => setError(t('call.transfer.failed', [e instanceof Error ? e.message : String(e)])))
      .finally(() => setPending(null));
  };
  const button = (step: Step, label: string, disabled = false) => (
    <button type="button" class={`call__button call__button--${step}`} disabled={pending !== null || disabled} onClick={() => act(step)}>
      {label}
    </button>
  );

  return (
    <div class="call__transfer" data-part="transfer">
      {transfer !== undefined && (
        <p class={`call__transfer-status call__transfer-status--${transfer.status}`} data-field="transfer" data-transfer-phase={transfer.phase} role="status">
          {transferText(transfer)}
        </p>
      )}
      {can.start && (
        <div class="call__buttons">
          <input
            class="call__transfer-target"
            data-field="transfer-target"
            aria-label={TEXT.heading}
            placeholder={TEXT.placeholder}
            maxLength={256}
            autoComplete="off"
            value={target}
            onInput={(e) => setTarget((e.target as HTMLInputElement).value)}
          />
          {button('blind', TEXT.blind, target.trim() === '')}
          {button('consult', TEXT.consult, target.trim() === '')}
        </div>
      )}
      {(can.complete || can.cancel) && (
        <div class="call__buttons">
          {can.complete && consultId !== undefined && button('complete', TEXT.complete)}
          {can.cancel && button('cancel', TEXT.cancel)}
        </div>
      )}
      {error && (
        <p class="call__error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

async function send(step: Step, callId: string, target: string, consultCallId: string | undefined): Promise<void> {
  switch (step) {
    case 'blind':
      return sendMessage('call/transfer', { callId, target });
    case 'consult':
      await sendMessage('call/consult', { callId, target });
      return;
    case 'complete':
      if (consultCallId === undefined) throw new Error('no consult call');
      return sendMessage('call/transfer-complete', { callId, consultCallId });
    case 'cancel':
      return sendMessage('call/transfer-cancel', { callId });
  }
}
