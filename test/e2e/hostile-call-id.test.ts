/**
 * A call whose SIP ids spell "__proto__" (then "constructor"), then a normal call, through the
 * test PBX into the built extension: every call shows its panel in the CRM tab and the normal
 * call pops its record. The defect this guards against: the phone keyed calls by SIP.js's
 * session id (Call-ID + From tag), and the worker kept per-call memory in a plain object, so
 * such a call wrote to Object.prototype and every later call lost its screen pop until the
 * browser restarted.
 *
 * Needs `TELEFORGE_CRM_ORIGINS=http://127.0.0.1,http://localhost npx wxt build` first.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { PLATFORMA_NOTIFICATION, platformaHeaderLines } from '../pbx/platforma-headers';
import type { CallIdentity } from '../pbx/sip-caller';
import { AGENT } from './helpers/agent-session';
import { endLiveCalls, ringFromCaller, startCrmSession, type CrmSession } from './helpers/crm-session';
import { pollUntil, readPhoneState } from './helpers/extension';
import { clickPanelButton, readPanelDom, waitForPanel } from './helpers/panel-dom';

let session: CrmSession;

beforeAll(async () => {
  session = await startCrmSession();
});

afterEach(async () => {
  await endLiveCalls(session);
});

afterAll(async () => {
  await session?.close();
});

/**
 * Calls from the caller page with a chosen Call-ID and From tag (the page's SIP.js, as
 * test/pbx/sip-caller.ts does in Node), and waits until the new call rings in the worker's mirror.
 */
async function ringWithIdentity(identity: CallIdentity, headers: string[]): Promise<string> {
  const known = new Set((await readPhoneState(session.popup))?.calls.map((c) => c.id));
  await session.caller.page.evaluate(
    async (ext, headers, identity) => {
      // SIP.js lives in the page, loaded from a URL: its types cannot follow it there.
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
      const w = window as unknown as { SIP: any; ua: any; domain: string; session?: any; finalStatus?: number | null };
      const session = new w.SIP.Inviter(w.ua, w.SIP.UserAgent.makeURI(`sip:${ext}@${w.domain}`), {
        extraHeaders: headers,
        params: identity.callId === undefined ? {} : { callId: identity.callId },
        sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } },
      });
      if (identity.fromTag !== undefined) {
        const request = session.request;
        request.fromTag = identity.fromTag;
        request.from.setParam('tag', identity.fromTag);
        request.setHeader('from', request.from.toString());
        session.fromTag = identity.fromTag;
      }
      w.session = session;
      w.finalStatus = null;
      await session.invite({
        requestDelegate: {
          onAccept: (r: { message: { statusCode: number } }) => void (w.finalStatus = r.message.statusCode),
          onReject: (r: { message: { statusCode: number } }) => void (w.finalStatus = r.message.statusCode),
        },
      });
    },
    AGENT,
    headers,
    identity,
  );
  const state = await pollUntil(
    'the hostile call ringing in storage.session',
    () => readPhoneState(session.popup),
    (s) => s?.calls.some((c) => c.state === 'ringing' && !known.has(c.id)) ?? false,
  );
  return state!.calls.find((c) => c.state === 'ringing' && !known.has(c.id))!.id;
}

/** The caller gives up; the missed call's wrap-up is dismissed from the panel. */
async function cancelAndDismiss(callId: string): Promise<void> {
  const { caller, crmTab } = session;
  await caller.cancel();
  await pollUntil('the caller to get 487', () => caller.finalStatus(), (s) => s === 487);
  await waitForPanel(crmTab, callId, (p) => p.state === 'ended');
  await clickPanelButton(crmTab, 'Dismiss', callId);
  await pollUntil('the wrap-up view to go', () => readPanelDom(crmTab), (d) => !d.panels.some((p) => p.callId === callId));
}

// SIP.js names a session Call-ID + From tag: these make that name exactly the JavaScript word.
it.each([
  ['__proto__', { callId: '__pro', fromTag: 'to__' }],
  ['constructor', { callId: 'constr', fromTag: 'uctor' }],
  ['__proto__ (the Call-ID alone)', { callId: '__proto__' }],
] as const)('a call whose SIP ids spell %s shows its panel and pops; the next normal call does too', async (_word, identity) => {
  const { crm, crmTab } = session;
  await crmTab.bringToFront();
  const ref = `ACC-${identity.callId}-${Date.now()}`;
  let since = performance.now();
  const hostileId = await ringWithIdentity(identity, platformaHeaderLines({ 'X-Platforma-Contact-Ref': ref }));
  await crm.waitForRequest((r) => r.path === `/contacts/${ref}` && r.at >= since);
  await waitForPanel(crmTab, hostileId, (p) => p.state === 'ringing');
  await cancelAndDismiss(hostileId);

  since = performance.now();
  const next = `ACC-NEXT-${Date.now()}`;
  const { callId } = await ringFromCaller(session, platformaHeaderLines({ 'X-Platforma-Contact-Ref': next }));
  await crm.waitForRequest((r) => r.path === `/contacts/${next}` && r.at >= since);
  const panel = await waitForPanel(crmTab, callId, (p) => p.state === 'ringing');
  expect(panel.fields.number).toBe(PLATFORMA_NOTIFICATION.number);
  expect(panel.fields.contactRef).toBe(next);
  await cancelAndDismiss(callId);
  // The phone's own id, not the PBX's.
  expect(hostileId).not.toContain(identity.callId);
});
