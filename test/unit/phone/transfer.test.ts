import { SessionState } from 'sip.js';
import { describe, expect, it, vi } from 'vitest';
import { Transfer, type ConsultLeg, type TransferDeps } from '../../../lib/phone/transfer';
import { parseTransferTarget } from '../../../lib/phone/transfer-target';
import type { Clock, ConsultState, TransferInfo } from '../../../lib/phone/types';

/** A clock whose timers run only when the test advances it. */
function manualClock() {
  let now = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let next = 1;
  const clock: Clock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      timers.push({ at: now + ms, fn, id: next });
      return next++;
    },
    clearTimeout: (id) => {
      timers = timers.filter((t) => t.id !== id);
    },
  };
  const advance = (ms: number) => {
    now += ms;
    const due = timers.filter((t) => t.at <= now);
    timers = timers.filter((t) => t.at > now);
    for (const t of due) t.fn();
  };
  return { clock, advance };
}

const response = (code: number, reason: string) => ({ message: { statusCode: code, reasonPhrase: reason } });
const notify = (body: string) => ({ accept: vi.fn(() => Promise.resolve()), request: { body } });
const flush = () => new Promise((r) => setTimeout(r, 0));
const target = (raw = '1002') => {
  const parsed = parseTransferTarget(raw, 'pbx.test');
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.target;
};

interface ReferCall { referTo: unknown; options: any }
interface InviteCall { options: any }

function setup() {
  const { clock, advance } = manualClock();
  const refers: ReferCall[] = [];
  const invites: InviteCall[] = [];
  const session = {
    state: SessionState.Established,
    sessionDescriptionHandlerOptionsReInvite: {} as object,
    refer: vi.fn((referTo: unknown, options: any) => {
      refers.push({ referTo, options });
      return Promise.resolve({});
    }),
    invite: vi.fn((options: any) => {
      invites.push({ options });
      return Promise.resolve({});
    }),
  };
  const changes: (TransferInfo | undefined)[] = [];
  const audioHeld: boolean[] = [];
  const ended: string[] = [];
  const legs: (ConsultLeg & { hangup: ReturnType<typeof vi.fn>; emit(state: ConsultState, detail?: string): void })[] = [];
  const deps: TransferDeps = {
    session: session as unknown as TransferDeps['session'],
    newConsult: (_uri, onChange) => {
      let state: ConsultState = 'calling';
      const leg = {
        id: `consult-${legs.length + 1}`,
        get state() {
          return state;
        },
        inviter: { fake: 'consult session' } as unknown as ConsultLeg['inviter'],
        start: vi.fn(() => Promise.resolve()),
        hangup: vi.fn(),
        remoteMediaStream: () => undefined,
        emit(next: ConsultState, detail?: string) {
          state = next;
          onChange(next, detail);
        },
      };
      legs.push(leg);
      return leg;
    },
    clock,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    timeoutMs: 30_000,
    onChange: (info) => changes.push(info),
    setAudioHeld: (held) => audioHeld.push(held),
    endTransferred: (detail) => ended.push(detail),
  };
  const transfer = new Transfer(deps);
  return { transfer, session, refers, invites, changes, audioHeld, ended, legs, advance };
}

/** Consult started and answered: the original held, the consult 'active'. */
async function consulting(t: ReturnType<typeof setup>) {
  const started = t.transfer.consult(target());
  await flush();
  t.invites[0]?.options.requestDelegate.onAccept(response(200, 'OK'));
  const consultCallId = await started;
  t.legs[0]?.emit('active');
  return consultCallId;
}

describe('Transfer: blind', () => {
  it('REFER to the target; 202, NOTIFY 180, NOTIFY 200: accepted, and only then the call is ended', async () => {
    const t = setup();
    await t.transfer.blind(target());
    expect(t.refers).toHaveLength(1);
    expect(String(t.refers[0]?.referTo)).toBe('sip:1002@pbx.test');
    expect(t.transfer.current).toEqual({ mode: 'blind', target: '1002', status: 'pending', phase: 'referring' });
    t.refers[0]?.options.requestDelegate.onAccept(response(202, 'Accepted'));
    expect(t.transfer.current?.phase).toBe('trying');
    const ringing = notify('SIP/2.0 180 Ringing');
    t.refers[0]?.options.onNotify(ringing);
    expect(ringing.accept).toHaveBeenCalled();
    expect(t.transfer.current).toMatchObject({ phase: 'trying', status: 'pending', detail: '180 Ringing' });
    expect(t.ended).toEqual([]);
    t.refers[0]?.options.onNotify(notify('SIP/2.0 200 OK'));
    expect(t.transfer.current).toEqual({ mode: 'blind', target: '1002', status: 'accepted', phase: 'accepted' });
    expect(t.ended).toEqual(['transferred to 1002']);
    expect(t.invites).toHaveLength(0); // no hold for a blind transfer
  });

  it('a refused REFER fails with the answer, leaves the call alone, and a new transfer may start', async () => {
    const t = setup();
    await t.transfer.blind(target());
    t.refers[0]?.options.requestDelegate.onReject(response(603, 'Decline'));
    expect(t.transfer.current).toMatchObject({ status: 'failed', phase: 'failed', detail: 'the transfer was refused: 603 Decline' });
    expect(t.ended).toEqual([]);
    await t.transfer.blind(target('1003'));
    expect(t.transfer.current).toMatchObject({ target: '1003', phase: 'referring' });
    expect(t.transfer.current?.detail).toBeUndefined();
  });

  it('NOTIFY with the target\'s 486 fails with it; the call stays', async () => {
    const t = setup();
    await t.transfer.blind(target());
    t.refers[0]?.options.requestDelegate.onAccept(response(202, 'Accepted'));
    t.refers[0]?.options.onNotify(notify('SIP/2.0 486 Busy Here'));
    expect(t.transfer.current).toMatchObject({ status: 'failed', detail: 'the target answered 486 Busy Here' });
    expect(t.ended).toEqual([]);
  });

  it('no final NOTIFY in time fails with a timeout; a late NOTIFY 200 still ends the call', async () => {
    const t = setup();
    await t.transfer.blind(target());
    t.refers[0]?.options.requestDelegate.onAccept(response(202, 'Accepted'));
    t.advance(29_999);
    expect(t.transfer.current?.status).toBe('pending');
    t.advance(1);
    expect(t.transfer.current).toMatchObject({ status: 'failed', detail: 'no final answer from the target within 30 s' });
    t.refers[0]?.options.onNotify(notify('SIP/2.0 486 Busy Here')); // ignored: already failed
    expect(t.transfer.current?.detail).toBe('no final answer from the target within 30 s');
    t.refers[0]?.options.onNotify(notify('SIP/2.0 200 OK'));
    expect(t.transfer.current?.status).toBe('accepted');
    expect(t.ended).toEqual(['transferred to 1002']);
  });

  it('a REFER that cannot be sent fails; a second transfer while one is pending, or a cancel, is refused', async () => {
    const t = setup();
    await t.transfer.blind(target());
    await expect(t.transfer.blind(target('1003'))).rejects.toThrow('already in progress');
    await expect(t.transfer.consult(target('1003'))).rejects.toThrow('already in progress');
    await expect(t.transfer.cancel()).rejects.toThrow('no transfer that can be cancelled');
    expect(t.refers).toHaveLength(1);
    const u = setup();
    u.session.refer.mockImplementationOnce(() => Promise.reject(new Error('Invalid session state Terminated')));
    await u.transfer.blind(target());
    expect(u.transfer.current).toMatchObject({ status: 'failed', detail: 'could not send the transfer: Invalid session state Terminated' });
  });

  it('refuses a call that is not established', async () => {
    const t = setup();
    t.session.state = SessionState.Terminated;
    await expect(t.transfer.blind(target())).rejects.toThrow('not connected');
    expect(t.changes).toEqual([]);
  });
});

describe('Transfer: attended', () => {
  it('holds (re-INVITE hold, microphone off), dials the consult, completes with REFER to the consult session', async () => {
    const t = setup();
    const started = t.transfer.consult(target());
    await flush();
    expect(t.invites[0]?.options.sessionDescriptionHandlerOptions).toMatchObject({ hold: true });
    expect(t.audioHeld).toEqual([true]);
    expect(t.transfer.current?.phase).toBe('holding');
    expect(t.legs).toHaveLength(0); // nothing dialled before the hold was answered
    t.invites[0]?.options.requestDelegate.onAccept(response(200, 'OK'));
    const consultCallId = await started;
    expect(consultCallId).toBe('consult-1');
    expect(t.transfer.current).toMatchObject({ phase: 'dialing', consultCallId, consultState: 'calling' });
    await expect(t.transfer.complete(consultCallId)).rejects.toThrow('no consult call to complete');
    t.legs[0]?.emit('active');
    expect(t.transfer.current).toMatchObject({ phase: 'consulting', consultState: 'active', status: 'pending' });
    await expect(t.transfer.complete('someone-else')).rejects.toThrow('not the consult call');
    await t.transfer.complete(consultCallId);
    expect(t.refers[0]?.referTo).toBe(t.legs[0]?.inviter);
    t.refers[0]?.options.onNotify(notify('SIP/2.0 100 Trying'));
    t.legs[0]?.emit('ended', 'the target hung up'); // the target ends the replaced dialog: not a failure
    expect(t.transfer.current?.phase).toBe('trying');
    t.refers[0]?.options.onNotify(notify('SIP/2.0 200 OK'));
    expect(t.transfer.current).toMatchObject({ phase: 'accepted', status: 'accepted' });
    expect(t.ended).toEqual(['transferred to 1002']);
    t.advance(3_000);
    expect(t.legs[0]?.hangup).toHaveBeenCalled(); // harmless if the target already ended it
  });

  it('a refused hold fails, dials nothing, turns the microphone back on and restores the hold options', async () => {
    const t = setup();
    const started = t.transfer.consult(target());
    await flush();
    t.invites[0]?.options.requestDelegate.onReject(response(488, 'Not Acceptable Here'));
    await expect(started).rejects.toThrow('could not put the call on hold: 488 Not Acceptable Here');
    expect(t.transfer.current).toMatchObject({ phase: 'failed', status: 'failed' });
    expect(t.audioHeld).toEqual([true, false]);
    expect(t.session.sessionDescriptionHandlerOptionsReInvite).toMatchObject({ hold: false });
    expect(t.legs).toHaveLength(0);
    await expect(t.transfer.cancel()).rejects.toThrow('no transfer that can be cancelled'); // nothing held
  });

  it('a 491 to the hold is tried again after a short wait', async () => {
    const t = setup();
    const started = t.transfer.consult(target());
    await flush();
    t.invites[0]?.options.requestDelegate.onReject(response(491, 'Request Pending'));
    await flush();
    expect(t.invites).toHaveLength(1);
    t.advance(250);
    await flush();
    expect(t.invites).toHaveLength(2);
    t.invites[1]?.options.requestDelegate.onAccept(response(200, 'OK'));
    await expect(started).resolves.toBe('consult-1');
  });

  it('a consult that fails (busy) resumes the caller and says why', async () => {
    const t = setup();
    const started = t.transfer.consult(target());
    await flush();
    t.invites[0]?.options.requestDelegate.onAccept(response(200, 'OK'));
    await started;
    t.legs[0]?.emit('ended', 'the target answered 486 Busy Here');
    expect(t.transfer.current?.phase).toBe('resuming');
    await flush();
    expect(t.invites[1]?.options.sessionDescriptionHandlerOptions).toMatchObject({ hold: false });
    t.invites[1]?.options.requestDelegate.onAccept(response(200, 'OK'));
    await flush();
    expect(t.transfer.current).toMatchObject({ phase: 'failed', status: 'failed', detail: 'consult call: the target answered 486 Busy Here', consultState: 'ended' });
    expect(t.audioHeld).toEqual([true, false]);
    // off hold again: a new transfer may start
    await t.transfer.blind(target('1003'));
    expect(t.transfer.current).toMatchObject({ mode: 'blind', phase: 'referring' });
  });

  it('cancel hangs up the consult and drops the transfer once the caller is back', async () => {
    const t = setup();
    await consulting(t);
    const cancelled = t.transfer.cancel();
    expect(t.legs[0]?.hangup).toHaveBeenCalled();
    expect(t.transfer.current?.phase).toBe('resuming');
    t.legs[0]?.emit('ended', 'the consult call ended'); // ignored: already resuming
    await flush();
    t.invites[1]?.options.requestDelegate.onAccept(response(200, 'OK'));
    await cancelled;
    expect(t.transfer.current).toBeUndefined();
    expect(t.changes.at(-1)).toBeUndefined();
    expect(t.audioHeld).toEqual([true, false]);
  });

  it('a refused resume says the call is still on hold; cancel tries again', async () => {
    const t = setup();
    await consulting(t);
    const cancelled = t.transfer.cancel();
    await flush();
    t.invites[1]?.options.requestDelegate.onReject(response(503, 'Service Unavailable'));
    await cancelled;
    expect(t.transfer.current).toMatchObject({ phase: 'failed', detail: 'cancelled; the call is still on hold (503 Service Unavailable)' });
    await expect(t.transfer.blind(target())).rejects.toThrow('already in progress'); // still held
    const again = t.transfer.cancel();
    await flush();
    t.invites[2]?.options.requestDelegate.onAccept(response(200, 'OK'));
    await again;
    expect(t.transfer.current).toMatchObject({ phase: 'failed', detail: 'cancelled; the call is still on hold (503 Service Unavailable)' });
    await t.transfer.blind(target());
    expect(t.transfer.current?.mode).toBe('blind');
  });

  it('a refused REFER keeps the consult and the hold: Complete again works; the consult ending then resumes', async () => {
    const t = setup();
    const consultCallId = await consulting(t);
    await t.transfer.complete(consultCallId);
    t.refers[0]?.options.onNotify(notify('SIP/2.0 603 Decline'));
    expect(t.transfer.current).toMatchObject({ phase: 'refused', status: 'failed', detail: 'the target answered 603 Decline' });
    expect(t.ended).toEqual([]);
    await t.transfer.complete(consultCallId);
    expect(t.refers).toHaveLength(2);
    t.refers[1]?.options.requestDelegate.onReject(response(501, 'Not Implemented'));
    expect(t.transfer.current?.phase).toBe('refused');
    t.legs[0]?.emit('ended', 'the target hung up');
    expect(t.transfer.current?.phase).toBe('resuming');
    await flush();
    t.invites[1]?.options.requestDelegate.onAccept(response(200, 'OK'));
    await flush();
    expect(t.transfer.current).toMatchObject({ phase: 'failed', detail: 'the transfer was refused: 501 Not Implemented' });
  });

  it('the original call ending hangs up a consult still going', async () => {
    const t = setup();
    await consulting(t);
    t.transfer.dispose();
    expect(t.legs[0]?.hangup).toHaveBeenCalled();
    t.legs[0]?.emit('ended');
    expect(t.transfer.current?.phase).toBe('consulting'); // no resume for a call that is gone
    expect(t.invites).toHaveLength(1);
  });
});
