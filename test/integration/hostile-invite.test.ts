/**
 * Hostile INVITEs through a real Kamailio to the Phone in Node. X-Platforma values come from the
 * PBX and, through the IVR, from the caller's keypad: whatever they carry, the call must ring
 * (never be dropped), its values must be the text that was sent minus control/bidi/invisible
 * characters and cut to 256 with a warning, the phone must stay registered, and the next normal
 * call must arrive intact.
 *
 * Kamailio 5.6 reads one WebSocket frame into a 16383-byte buffer: 2 KB and even 15 000-character
 * values pass unchanged; an INVITE over 16 KB is not relayed at all and Kamailio closes the
 * sender's connection without a response (last test).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallNotification } from '../../lib/call-notification';
import type { CallSnapshot } from '../../lib/phone';
import { startPbx, type Pbx } from '../pbx/kamailio';
import { startCaller, type SipCaller } from '../pbx/sip-caller';
import { HOSTILE_CASES, type HostileCase } from '../pbx/hostile-invites';
import { platformaHeaderLines, platformaNotification } from '../pbx/platforma-headers';
import { makePhone, phoneConfig, waitFor, type TestPhone } from './phone-harness';

let pbx: Pbx;
let caller: SipCaller;
let t: TestPhone;
let callRefs = 0;

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

/** Calls 1001 and returns the first snapshot of the new call; every call is a new one. */
async function ring(headers: string[]): Promise<{ snap: CallSnapshot; waitFinal: () => Promise<number> }> {
  const seen = t.calls.length;
  const call = await caller.call('1001', headers);
  const snap = await waitFor(() => t.calls.slice(seen).find((c) => c.state === 'ringing'), 5_000, 'the call to ring');
  return { snap, waitFinal: call.waitFinal };
}

async function decline(snap: CallSnapshot, waitFinal: () => Promise<number>): Promise<void> {
  await t.phone.reject(snap.id);
  expect(await waitFinal()).toBe(486);
}

/** A normal call with a fresh call ref rings with exactly the values sent and no warnings. */
async function expectNormalCallIntact(): Promise<void> {
  const callRef = `c2d-next-${++callRefs}`;
  const { snap, waitFinal } = await ring(platformaHeaderLines({ 'X-Platforma-Call-Ref': callRef }));
  try {
    expect(snap.notification).toEqual(platformaNotification({ callRef }));
    expect(snap.warnings).toEqual([]);
  } finally {
    await decline(snap, waitFinal);
  }
}

function expectStillRegistered(statusesBefore: number): void {
  expect(t.phone.getStatus().state).toBe('registered');
  // No reconnect or re-registration was triggered by the call.
  expect(t.states().slice(statusesBefore)).toEqual([]);
}

describe('hostile X-Platforma values through Kamailio', () => {
  it('a normal call first rings with the seven values as sent and no warnings (baseline)', async () => {
    await expectNormalCallIntact();
  });

  it.each(HOSTILE_CASES.map((c): [string, HostileCase] => [c.name, c]))('%s', async (_name, hostile) => {
    const statusesBefore = t.statuses.length;
    const { snap, waitFinal } = await ring(hostile.headers);
    try {
      expect(snap.state).toBe('ringing');
      expect(snap.notification).toEqual<CallNotification>(platformaNotification(hostile.expected));
      expect(snap.warnings).toHaveLength(hostile.warnings.length);
      expect(snap.warnings).toEqual(expect.arrayContaining(hostile.warnings.map((w) => expect.stringMatching(w))));
      for (const value of Object.values(snap.notification)) {
        if (typeof value !== 'string') continue;
        expect(value.length).toBeLessThanOrEqual(256);
        // eslint-disable-next-line no-control-regex -- control and bidi characters are what must be gone
        expect(value).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/);
      }
    } finally {
      // Free the line even when an assertion failed, so one failure does not make the next cases busy.
      await decline(snap, waitFinal);
    }
    expectStillRegistered(statusesBefore);
    await expectNormalCallIntact();
  });

  it('an INVITE over 16 KB is not relayed by Kamailio: the caller is cut off, the phone sees nothing and stays registered', async () => {
    const statusesBefore = t.statuses.length;
    const callsBefore = t.calls.length;
    const huge = await caller.call('1001', platformaHeaderLines({ 'X-Platforma-Note': 'A'.repeat(16_384) }));
    // Kamailio logs "advertised length (...) greater than buffer size (16383)" and closes the caller's WebSocket.
    await waitFor(() => !caller.ua.isConnected(), 10_000, "Kamailio to close the caller's connection");
    expect(pbx.log.some((line) => /greater than buffer size \(16383\)/.test(line))).toBe(true);
    expect(huge.finalCode()).toBeUndefined();

    await caller.stop();
    caller = await startCaller(pbx);
    await expectNormalCallIntact();
    // The normal call is the first thing the phone heard of since the huge INVITE: that one never arrived.
    expect(new Set(t.calls.slice(callsBefore).map((c) => c.notification.callRef))).toEqual(new Set([`c2d-next-${callRefs}`]));
    expectStillRegistered(statusesBefore);
  });
});
