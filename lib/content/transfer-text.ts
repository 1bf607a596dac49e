import type { TransferInfo } from '@/lib/phone/types';
import { msg } from './panel-i18n';

/**
 * How a call's transfer reads, in the caller panel and the popup (one set of messages, so the e2e
 * tests and both views agree; locales/*.yml `panel.transfer.*`). `detail` is the phone's cleaned
 * text (the target's SIP answer).
 */
export function transferText(transfer: Pick<TransferInfo, 'phase' | 'target' | 'detail'>): string {
  const { phase, target, detail } = transfer;
  if (phase === 'resuming') return msg('panel.transfer.resuming');
  if (detail && (phase === 'failed' || phase === 'refused' || phase === 'trying')) return msg(`panel.transfer.${phase}Detail`, [target, detail]);
  return msg(`panel.transfer.${phase}`, [target]);
}

/** Which transfer controls fit the moment (the phone refuses the others anyway). */
export function transferControls(transfer: Pick<TransferInfo, 'phase' | 'mode'> | undefined): { start: boolean; complete: boolean; cancel: boolean } {
  const phase = transfer?.phase;
  return {
    start: phase === undefined || phase === 'failed',
    complete: phase === 'consulting' || phase === 'refused',
    cancel: phase === 'dialing' || phase === 'consulting' || phase === 'refused',
  };
}
