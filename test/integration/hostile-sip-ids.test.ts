/**
 * INVITEs whose Call-ID, From tag or From display name are "__proto__", "constructor" and
 * friends, or 320 characters of mixed Unicode, through a real Kamailio to the Phone in Node:
 * each rings with its X-Platforma values intact under the phone's own id (the Call-ID only as a
 * cleaned, capped debug field), and the NEXT normal call rings normally.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallSnapshot } from '../../lib/phone';
import { startPbx, type Pbx } from '../pbx/kamailio';
import { startCaller, type CallIdentity, type SipCaller } from '../pbx/sip-caller';
import { HOSTILE_ID_CASES, HOSTILE_REASON, type HostileIdCase } from '../pbx/hostile-sip-ids';
import { platformaHeaderLines, platformaNotification } from '../pbx/platforma-headers';
import { makePhone, phoneConfig, waitFor, type TestPhone } from './phone-harness';

let pbx: Pbx;
let caller: SipCaller;
let t: TestPhone;
let n = 0;

beforeAll(async () => {
  pbx = await startPbx();
  caller = await startCaller(pbx);
  t = makePhone();
  await t.phone.configure(phoneConfig(pbx));
  await waitFor(() => t.phone.getStatus().state === 'registered', 5_000, 'registered');
});

afterAll(async () => {
  await t?.phone.dispose();
  await caller?.stop();
  await pbx?.stop();
});

const INVISIBLE = /[\p{Cc}\p{Cf}]/u;
const ids = new Set<string>();

async function ring(identity: CallIdentity = {}) {
  const callRef = `c2d-id-${++n}`;
  const seen = t.calls.length;
  const call = await caller.call('1001', platformaHeaderLines({ 'X-Platforma-Call-Ref': callRef }), identity);
  const snap = await waitFor(() => t.calls.slice(seen).find((c) => c.state === 'ringing'), 5_000, 'the call to ring');
  return { snap, call, callRef };
}

function expectClean(snap: CallSnapshot, callRef: string): void {
  expect(snap.notification).toEqual(platformaNotification({ callRef }));
  expect(snap.warnings).toEqual([]);
  // The phone's own id: a UUID, unique, never the PBX's Call-ID.
  expect(snap.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  expect(ids.has(snap.id)).toBe(false);
  ids.add(snap.id);
  expect(snap.sipCallId?.length ?? 0).toBeLessThanOrEqual(129);
  expect(snap.sipCallId ?? '').not.toMatch(INVISIBLE);
}

async function declineAndEnd(snap: CallSnapshot, call: { waitFinal(): Promise<number> }): Promise<void> {
  await t.phone.reject(snap.id);
  expect(await call.waitFinal()).toBe(486);
  await waitFor(() => t.phone.getCalls().find((c) => c.id === snap.id)?.state === 'ended', 5_000, 'the call to end');
}

async function expectNextCallNormal(): Promise<void> {
  const { snap, call, callRef } = await ring();
  expectClean(snap, callRef);
  expect(t.phone.getCalls().filter((c) => c.state === 'ringing').map((c) => c.id)).toEqual([snap.id]);
  await declineAndEnd(snap, call);
}

describe('hostile Call-ID, From tag and display name through Kamailio', () => {
  it.each(HOSTILE_ID_CASES.map((c): [string, HostileIdCase] => [c.name, c]))('%s: rings cleanly, and the next call rings normally', async (_name, { identity }) => {
    const { snap, call, callRef } = await ring(identity);
    try {
      expectClean(snap, callRef);
      if (identity.callId !== undefined && identity.callId.length <= 128) expect(snap.sipCallId).toBe(identity.callId);
      // Controls work by the phone's id.
      expect(t.phone.getCalls().find((c) => c.id === snap.id)?.state).toBe('ringing');
    } finally {
      await declineAndEnd(snap, call);
    }
    await expectNextCallNormal();
  });

  it('a CANCEL with a hostile Reason ends the call as missed with a cleaned, capped detail', async () => {
    const { snap, call } = await ring({ callId: '__proto__' });
    await call.cancel({ reason: HOSTILE_REASON });
    const ended = await waitFor(() => t.lastCall((c) => c.id === snap.id && c.state === 'ended'), 5_000, 'the call to end');
    expect(ended.endReason).toBe('missed');
    expect(ended.endDetail).toMatch(/^caller cancelled: SIP;cause=499;text="gone x{100}/);
    expect(ended.endDetail).not.toMatch(INVISIBLE);
    expect(ended.endDetail!.length).toBeLessThanOrEqual('caller cancelled: '.length + 129);
    await expectNextCallNormal();
  });
});
