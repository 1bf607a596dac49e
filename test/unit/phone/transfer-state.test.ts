import { describe, expect, it } from 'vitest';
import { canTransitionConsult } from '../../../lib/phone/consult-call';
import {
  FIRST_PHASE, canCancelTransfer, canStartTransfer, canTransitionTransfer, statusOf,
} from '../../../lib/phone/transfer-state';
import type { ConsultState, TransferInfo, TransferMode, TransferPhase } from '../../../lib/phone/types';

const PHASES: TransferPhase[] = ['holding', 'dialing', 'consulting', 'referring', 'trying', 'refused', 'resuming', 'accepted', 'failed'];
const TARGETS = [...PHASES, 'cancelled'] as const;

/** Written out by hand from the diagrams in transfer-state.ts: every other pair must be refused. */
const ALLOWED: Record<TransferMode, string[]> = {
  blind: [
    'referring -> trying', 'referring -> accepted', 'referring -> failed',
    'trying -> trying', 'trying -> accepted', 'trying -> failed',
    'failed -> accepted',
  ],
  attended: [
    'holding -> dialing', 'holding -> failed', 'holding -> resuming',
    'dialing -> consulting', 'dialing -> resuming',
    'consulting -> referring', 'consulting -> resuming',
    'referring -> trying', 'referring -> accepted', 'referring -> refused',
    'trying -> trying', 'trying -> accepted', 'trying -> refused',
    'refused -> referring', 'refused -> resuming', 'refused -> accepted',
    'resuming -> cancelled', 'resuming -> failed',
    'failed -> resuming',
  ],
};

describe('transfer state machine', () => {
  for (const mode of ['blind', 'attended'] as const) {
    const pairs = PHASES.flatMap((from) => TARGETS.map((to) => [`${from} -> ${to}`, from, to] as const));
    it.each(pairs.filter(([l]) => ALLOWED[mode].includes(l)))(`${mode}: allows %s`, (_, from, to) => {
      expect(canTransitionTransfer(mode, from, to)).toBe(true);
    });
    it.each(pairs.filter(([l]) => !ALLOWED[mode].includes(l)))(`${mode}: refuses %s`, (_, from, to) => {
      expect(canTransitionTransfer(mode, from, to)).toBe(false);
    });
  }

  it('accepted is final in both modes; blind never holds or consults', () => {
    for (const to of TARGETS) {
      expect(canTransitionTransfer('blind', 'accepted', to)).toBe(false);
      expect(canTransitionTransfer('attended', 'accepted', to)).toBe(false);
    }
    for (const from of ['holding', 'dialing', 'consulting', 'refused', 'resuming'] as const) {
      for (const to of TARGETS) expect(canTransitionTransfer('blind', from, to)).toBe(false);
    }
  });

  it('starts blind at referring and attended at holding', () => {
    expect(FIRST_PHASE).toEqual({ blind: 'referring', attended: 'holding' });
  });

  it('maps phases to the contract statuses', () => {
    expect(PHASES.map((p) => [p, statusOf(p)])).toEqual([
      ['holding', 'pending'], ['dialing', 'pending'], ['consulting', 'pending'], ['referring', 'pending'],
      ['trying', 'pending'], ['refused', 'failed'], ['resuming', 'pending'], ['accepted', 'accepted'], ['failed', 'failed'],
    ]);
  });

  const info = (mode: TransferMode, phase: TransferPhase): TransferInfo => ({ mode, target: '1002', phase, status: statusOf(phase) });

  it('a new transfer may start with none, or after a failure that left the call off hold', () => {
    expect(canStartTransfer(undefined, false)).toBe(true);
    expect(canStartTransfer(info('blind', 'failed'), false)).toBe(true);
    expect(canStartTransfer(info('attended', 'failed'), false)).toBe(true);
    expect(canStartTransfer(info('attended', 'failed'), true)).toBe(false);
    for (const phase of PHASES.filter((p) => p !== 'failed')) {
      expect(canStartTransfer(info('blind', phase), false)).toBe(false);
      expect(canStartTransfer(info('attended', phase), false)).toBe(false);
    }
  });

  it('only an attended transfer with a consult (or still holding the call) can be cancelled', () => {
    const cancellable = PHASES.filter((p) => canCancelTransfer(info('attended', p), false));
    expect(cancellable).toEqual(['dialing', 'consulting', 'refused']);
    expect(canCancelTransfer(info('attended', 'failed'), true)).toBe(true);
    expect(PHASES.some((p) => canCancelTransfer(info('blind', p), true))).toBe(false);
    expect(canCancelTransfer(undefined, true)).toBe(false);
  });
});

describe('consult call state machine', () => {
  const STATES: ConsultState[] = ['calling', 'active', 'ended'];
  const allowed = ['calling -> active', 'calling -> ended', 'active -> ended'];
  const pairs = STATES.flatMap((from) => STATES.map((to) => [`${from} -> ${to}`, from, to] as const));
  it.each(pairs)('%s', (label, from, to) => {
    expect(canTransitionConsult(from, to)).toBe(allowed.includes(label));
  });
});
