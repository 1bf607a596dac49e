/**
 * SIP protocol values a caller or the PBX chooses that mean something to JavaScript objects, or
 * are long and full of odd Unicode: the Call-ID, the From tag and the From display name. Shared
 * by the Kamailio integration test (test/integration/hostile-sip-ids.test.ts) and the Chromium
 * one (test/e2e/hostile-call-id.test.ts). SIP.js names a session `Call-ID + From tag`, which the
 * phone used as the call's id until it assigned its own: the split cases make that id exactly
 * "__proto__" or "constructor".
 */
import type { CallIdentity } from './sip-caller';

// 320 characters: emoji (with a ZWJ sequence), CJK, Arabic, combining marks, a bidi override.
const MIXED = `${'客服😀👩‍💻مركزé\u0301'.repeat(25)}\u202Eend`.slice(0, 320);
// Call-IDs and tags are SIP tokens (RFC 3261 `word` / `token`): long ones of every allowed character.
const LONG_WORD = `${"-.!%*_+`'~()<>:\\\"/[]?{}".repeat(14)}`.slice(0, 320);
const LONG_TOKEN = `${"-.!%*_+`'~".repeat(32)}`.slice(0, 320);

export interface HostileIdCase {
  name: string;
  identity: CallIdentity;
}

export const HOSTILE_ID_CASES: HostileIdCase[] = [
  { name: 'Call-ID "__proto__"', identity: { callId: '__proto__' } },
  { name: 'Call-ID + From tag that SIP.js joins into "__proto__"', identity: { callId: '__pro', fromTag: 'to__' } },
  { name: 'Call-ID + From tag that SIP.js joins into "constructor"', identity: { callId: 'constr', fromTag: 'uctor' } },
  { name: 'Call-ID "constructor", From tag "toString"', identity: { callId: 'constructor', fromTag: 'toString' } },
  { name: 'From tag "__proto__", display name "__proto__"', identity: { fromTag: '__proto__', fromDisplayName: '__proto__' } },
  { name: 'Call-ID "hasOwnProperty", display name "valueOf"', identity: { callId: 'hasOwnProperty', fromDisplayName: 'valueOf' } },
  { name: '320-character Call-ID and From tag, 320 characters of mixed Unicode as display name', identity: { callId: LONG_WORD, fromTag: LONG_TOKEN, fromDisplayName: MIXED } },
];

/** A hostile CANCEL Reason text: long, with bidi, zero-width and line-break characters. */
export const HOSTILE_REASON = `gone\u202E\u200B ${'x'.repeat(400)} ${MIXED}`;
