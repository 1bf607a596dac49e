/**
 * A hostile INVITE against the built Chrome extension: markup, bidi overrides, control characters
 * and a 2 KB value in the X-Platforma headers. The call must ring with the cleaned values in the
 * worker's storage.session mirror (after crossing offscreen -> worker, where the snapshot is
 * checked with zod), the toolbar title must be plain text, no page may open a dialog (the payloads
 * call alert(1) if they ever run), the popup must still open and show the status, and the next
 * normal call must ring intact.
 *
 * Needs `npx wxt build` first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { PhoneState } from '../../lib/phone-host/phone-state';
import { HOSTILE_CASES, IMG, SCRIPT } from '../pbx/hostile-invites';
import { PLATFORMA_NOTIFICATION, platformaHeaderLines, platformaNotification } from '../pbx/platforma-headers';
import { startCaller, type SipCaller } from '../pbx/sip-caller';
import { AGENT, startAgentSession, type AgentSession } from './helpers/agent-session';
import { offscreenPage, openExtensionPage, pollUntil, popupStatus, readBadge, readPhoneState } from './helpers/extension';
import type { LaunchedBrowser } from './helpers/launch-browser';

const TITLE = 'Teleforge Screen-Pop: incoming call from ';
const CAMPAIGN = `👩‍💻 مركز الاتصال ${'客'.repeat(2048)}`;
// eslint-disable-next-line no-control-regex -- control and bidi characters are what must be gone
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

let session: AgentSession;
let caller: SipCaller;
let chromium: LaunchedBrowser;
let popup: Page;
const dialogs: string[] = [];

/** Records (and dismisses) every alert/confirm/prompt a page opens. */
function watchDialogs(page: Page, where: string): void {
  page.on('dialog', (dialog) => {
    dialogs.push(`${where}: ${dialog.type()} ${dialog.message()}`);
    void dialog.dismiss().catch(() => {});
  });
}

beforeAll(async () => {
  session = await startAgentSession();
  ({ chromium, popup } = session);
  caller = await startCaller(session.pbx);
  watchDialogs(popup, 'popup');
  const offscreen = await offscreenPage(chromium.browser, chromium.extensionId);
  watchDialogs(offscreen, 'offscreen');
  // Self-check: the watch does see an alert in both pages, so "no dialog" below means something.
  for (const page of [popup, offscreen]) await page.evaluate(() => void setTimeout(() => alert('self-check'), 0));
  await pollUntil('both self-check alerts', async () => dialogs.length, (n) => n === 2);
  dialogs.length = 0;
});

afterAll(async () => {
  await caller?.stop();
  await session?.close();
});

/** Calls 1001 and waits for a ringing call in storage.session that was not there before. */
async function ringInMirror(headers: string[]) {
  const known = new Set((await readPhoneState(popup))?.calls.map((c) => c.id));
  const call = await caller.call(AGENT, headers);
  const state = await pollUntil(
    'a new ringing call in storage.session',
    () => readPhoneState(popup),
    (s) => s?.calls.some((c) => c.state === 'ringing' && !known.has(c.id)) ?? false,
  );
  const snap = state!.calls.find((c) => c.state === 'ringing' && !known.has(c.id))!;
  return { snap, call };
}

async function cancelAndWaitIdle(call: { cancel(): Promise<void>; waitFinal(): Promise<number> }): Promise<void> {
  await call.cancel();
  expect(await call.waitFinal()).toBe(487);
  await pollUntil('no ringing call', () => readPhoneState(popup), (s: PhoneState | null) => !s?.calls.some((c) => c.state === 'ringing'));
  await pollUntil('the RING badge to go', () => readBadge(popup), (b) => b.text !== 'RING');
}

describe('Chrome: a hostile INVITE', () => {
  it('rings with cleaned values, a plain-text badge title and no dialog; the popup still opens', async () => {
    const { snap, call } = await ringInMirror(
      platformaHeaderLines({
        'X-Platforma-Number': `\u202E${IMG}\u2069`,
        'X-Platforma-Contact-Ref': SCRIPT,
        'X-Platforma-Call-Ref': 'CR\tHOSTILE\u0007-1',
        'X-Platforma-Dial-Number': '../../admin?a=1&b=2#frag',
        'X-Platforma-Campaign-Ref': CAMPAIGN,
      }),
    );
    expect(snap.notification).toEqual(
      platformaNotification({
        number: IMG,
        contactRef: SCRIPT,
        callRef: 'CR HOSTILE-1',
        dialNumber: '../../admin?a=1&b=2#frag',
        campaignRef: CAMPAIGN.slice(0, 256),
        direction: 'outbound',
      }),
    );
    expect(snap.warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^number \(X-Platforma-Number\): removed or replaced 2 /),
        expect.stringMatching(/^callRef \(X-Platforma-Call-Ref\): removed or replaced 2 /),
        expect.stringMatching(/^campaignRef \(X-Platforma-Campaign-Ref\): cut to 256 characters/),
      ]),
    );

    const badge = await pollUntil('the RING badge', () => readBadge(popup), (b) => b.text === 'RING');
    expect(badge.title).toBe(`${TITLE}${IMG}`);
    expect(badge.title).not.toMatch(UNSAFE);
    const offscreen = await offscreenPage(chromium.browser, chromium.extensionId);
    expect(await offscreen.evaluate(() => document.body.dataset['ringtone'])).toBe('on');

    // A popup opened while the hostile call rings renders and reports the registration.
    const second = await openExtensionPage(chromium.browser, chromium.extensionId, 'popup.html');
    watchDialogs(second, 'second popup');
    try {
      await pollUntil('the second popup to show the status', () => popupStatus(second), (t) => t === `Registered as ${AGENT}`);
      for (const page of [popup, second, offscreen]) {
        expect(await page.evaluate(() => document.querySelectorAll('[onerror], script:not([src])').length)).toBe(0);
      }
    } finally {
      await second.close();
    }

    await cancelAndWaitIdle(call);
    expect(dialogs).toEqual([]);
  });

  it('the next normal call rings with intact values and a plain title', async () => {
    const { snap, call } = await ringInMirror(platformaHeaderLines({ 'X-Platforma-Call-Ref': 'CR-NEXT-1' }));
    expect(snap.notification).toEqual(platformaNotification({ callRef: 'CR-NEXT-1' }));
    expect(snap.warnings).toEqual([]);
    const badge = await pollUntil('the RING badge', () => readBadge(popup), (b) => b.text === 'RING');
    expect(badge.title).toBe(`${TITLE}${PLATFORMA_NOTIFICATION.number}`);
    await cancelAndWaitIdle(call);
    expect(await popupStatus(popup)).toBe(`Registered as ${AGENT}`);
  });

  it('every hostile case of the integration test crosses offscreen -> worker -> storage.session as decoded', async () => {
    for (const hostile of HOSTILE_CASES) {
      const { snap, call } = await ringInMirror(hostile.headers);
      expect(snap.notification, hostile.name).toEqual(platformaNotification(hostile.expected));
      expect(snap.warnings, hostile.name).toHaveLength(hostile.warnings.length);
      const badge = await pollUntil('the RING badge', () => readBadge(popup), (b) => b.text === 'RING');
      expect(badge.title, hostile.name).toBe(`${TITLE}${snap.notification.number || 'unknown number'}`);
      expect(badge.title, hostile.name).not.toMatch(UNSAFE);
      await cancelAndWaitIdle(call);
    }
    expect(await popupStatus(popup)).toBe(`Registered as ${AGENT}`);
    expect(dialogs).toEqual([]);
  });
});
