import type { TransferInfo } from '@/lib/phone/types';

/**
 * How a call's transfer reads, in the caller panel and the popup (one set of strings, so the e2e
 * tests and both views agree). `detail` is the phone's cleaned text (the target's SIP answer).
 */
export const TRANSFER_TEXT = {
  holding: (to: string) => `Putting the caller on hold to call ${to}…`,
  dialing: (to: string) => `Calling ${to}… (caller on hold)`,
  consulting: (to: string) => `Talking to ${to} (caller on hold)`,
  referring: (to: string) => `Transferring to ${to}…`,
  trying: (to: string) => `Transferring to ${to}…`,
  resuming: () => 'Taking the caller off hold…',
  accepted: (to: string) => `Transferred to ${to}`,
  failed: (to: string) => `Transfer to ${to} failed`,
  refused: (to: string) => `Transfer to ${to} failed`,
  stillConnected: 'The call is still connected.',
  stillConsulting: 'Still talking to the target; the caller is on hold.',
} as const;

export function transferText(transfer: Pick<TransferInfo, 'phase' | 'target' | 'detail'>): string {
  const { phase, target, detail } = transfer;
  const head = TRANSFER_TEXT[phase](target);
  if (phase === 'failed') return `${head}${detail ? `: ${detail}` : ''}. ${TRANSFER_TEXT.stillConnected}`;
  if (phase === 'refused') return `${head}${detail ? `: ${detail}` : ''}. ${TRANSFER_TEXT.stillConsulting}`;
  return phase === 'trying' && detail ? `${head} (${detail})` : head;
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
