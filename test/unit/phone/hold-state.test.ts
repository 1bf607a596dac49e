import { describe, expect, it } from 'vitest';
import { holdPhaseOf, isOnHold, nextHold, type HoldEvent, type HoldPhase } from '../../../lib/phone/hold-state';
import { admitIncoming, isWaitingCall } from '../../../lib/phone/call-waiting';
import { checkDtmf, DTMF_DIGITS } from '../../../lib/phone/dtmf';
import { directionOf } from '../../../lib/phone/sdp-direction';
import type { CallSnapshot } from '../../../lib/phone/types';

const PHASES: HoldPhase[] = ['talking', 'holding', 'held', 'resuming'];
const EVENTS: HoldEvent[] = ['hold', 'resume', 'answered', 'failed'];

describe('hold sub-state (hold-state.ts)', () => {
  const allowed: Record<string, HoldPhase> = {
    'talking hold': 'holding',
    'holding answered': 'held',
    'holding failed': 'talking',
    'held resume': 'resuming',
    'resuming answered': 'talking',
    'resuming failed': 'held',
  };
  for (const from of PHASES) {
    for (const event of EVENTS) {
      const key = `${from} ${event}`;
      it(`${key} -> ${allowed[key] ?? 'refused'}`, () => {
        expect(nextHold(from, event)).toBe(allowed[key] ?? null);
      });
    }
  }

  it('absent hold is talking; held and holding count as on hold, resuming does not', () => {
    expect(holdPhaseOf(undefined)).toBe('talking');
    expect([undefined, 'holding', 'held', 'resuming'].map((h) => isOnHold(h as never))).toEqual([false, true, true, false]);
  });
});

describe('SDP direction', () => {
  const sdp = (dir?: string) => ['v=0', 'o=- 0 0 IN IP4 127.0.0.1', 's=-', 't=0 0', 'm=audio 9 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', ...(dir ? [`a=${dir}`] : []), ''].join('\r\n');

  it('reads the audio direction, sendrecv when none is written', () => {
    expect(directionOf(sdp('recvonly'))).toBe('recvonly');
    expect(directionOf(sdp())).toBe('sendrecv');
    expect(directionOf('v=0\r\na=inactive\r\nm=audio 9 RTP/AVP 0\r\n')).toBe('inactive');
  });
});

describe('call waiting admission', () => {
  const call = (id: string, state: CallSnapshot['state']): CallSnapshot =>
    ({ id, source: 'sip', state, notification: {} as never, warnings: [], ringingAt: 0, muted: false });

  it('rings when free; beside one answered call only with ring; never beside a ringing one or two live ones', () => {
    expect(admitIncoming([], 'busy')).toBe('ring');
    expect(admitIncoming([call('a', 'ended')], 'busy')).toBe('ring');
    expect(admitIncoming([call('a', 'active')], 'ring')).toBe('ring');
    expect(admitIncoming([call('a', 'active')], 'busy')).toBe('busy');
    expect(admitIncoming([call('a', 'ringing')], 'ring')).toBe('busy');
    expect(admitIncoming([call('a', 'active'), call('b', 'active')], 'ring')).toBe('busy');
  });

  it('never beside an outbound call (dialing or answered): it has no hold to make way', () => {
    expect(admitIncoming([call('a', 'dialing')], 'ring')).toBe('busy');
    expect(admitIncoming([{ ...call('a', 'active'), direction: 'outbound' }], 'ring')).toBe('busy');
    expect(admitIncoming([{ ...call('a', 'active'), direction: 'inbound' }], 'ring')).toBe('ring');
  });

  it('a ringing call is waiting only while another call is answered', () => {
    const b = call('b', 'ringing');
    expect(isWaitingCall(b, [call('a', 'active'), b])).toBe(true);
    expect(isWaitingCall(b, [call('a', 'ended'), b])).toBe(false);
    expect(isWaitingCall(call('a', 'active'), [call('a', 'active'), b])).toBe(false);
  });
});

describe('DTMF digits', () => {
  it.each(['1', '0123456789*#ABCD', '9'.repeat(32)])('accepts %s', (d) => expect(checkDtmf(d)).toBe(d));
  it.each(['', 'a', '1 2', 'E', '9'.repeat(33), '1\r\nSignal=2', '+'])('refuses %j', (d) => {
    expect(() => checkDtmf(d)).toThrow('DTMF');
    expect(DTMF_DIGITS.test(d)).toBe(false);
  });
});
