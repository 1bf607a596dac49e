/**
 * The caller panel in a right-to-left language, checked with the pseudo-RTL test locale (every
 * English message mirrored with RTL overrides, locales/README.md) in a browser started with
 * LANGUAGE=he: the panel's root says dir="rtl" whatever the CRM page's direction, its row of
 * buttons starts on the right, its paddings follow (logical properties), a phone number keeps
 * its own left-to-right order, it stays on screen, and axe finds nothing serious.
 *
 * Needs `TELEFORGE_CRM_ORIGINS=http://127.0.0.1,http://localhost npx wxt build --mode pseudo-rtl` first.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { PLATFORMA_NOTIFICATION, platformaHeaderLines } from '../pbx/platforma-headers';
import { axeClosedRoot, seriousOf } from './helpers/axe';
import { withClosedRoot } from './helpers/closed-root';
import { endLiveCalls, ringFromCaller, startCrmSession, type CrmSession } from './helpers/crm-session';
import { pollUntil, popupStatus } from './helpers/extension';
import { CHROME_PSEUDO_RTL_BUILD } from './helpers/launch-browser';
import { PANEL_HOST, waitForPanel } from './helpers/panel-dom';
import { typeInto } from './helpers/popup-form';

const RLM = '\u200f';
const RLO = '\u202e';
const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e]/g;

let session: CrmSession;

beforeAll(async () => {
  // The labels are pseudo-RTL here, so startCrmSession's English fillSettingsForm is not used:
  // the same fields, found by their text without the bidi controls (helpers/popup-form.ts).
  session = await startCrmSessionRtl();
});

afterEach(async () => {
  await endLiveCalls(session);
});

afterAll(async () => {
  await session?.close();
});

function startCrmSessionRtl(): Promise<CrmSession> {
  return startCrmSession({ agent: { launch: { env: { LANGUAGE: 'he' } }, extensionDir: CHROME_PSEUDO_RTL_BUILD }, configureWith: fillByTyping });
}

async function fillByTyping(popup: CrmSession['popup'], values: Record<string, string>): Promise<void> {
  for (const [label, value] of Object.entries(values)) await typeInto(popup, label, value);
  await popup.bringToFront();
  await popup.click('form.settings button[type="submit"]');
}

it('the popup is in the pseudo-RTL locale: <html dir="rtl">, mirrored status text', async () => {
  expect(await session.popup.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).toEqual(['rtl', 'he']);
  const status = await popupStatus(session.popup);
  expect(status.startsWith(RLM + RLO)).toBe(true);
  expect(status.replace(BIDI_CONTROLS, '')).toBe('Registered as 1001');
});

it('lays the ringing panel out right to left, keeps the number left to right, and passes axe', async () => {
  const { callId } = await ringFromCaller(session, platformaHeaderLines());
  await session.crmTab.bringToFront();
  await waitForPanel(session.crmTab, callId, (p) => p.state === 'ringing');
  const layout = await withClosedRoot(session.crmTab, PANEL_HOST, (root) => {
    const q = (sel: string) => root!.querySelector(sel) as HTMLElement;
    const panel = q('[data-part="panel"]');
    const handle = q('[data-part="handle"]');
    const answer = q('.actions .primary').getBoundingClientRect();
    const decline = q('.actions .danger').getBoundingClientRect();
    const number = q('dd[data-field="number"]');
    const box = panel.getBoundingClientRect();
    return {
      dir: q('[data-part="root"]').getAttribute('dir'),
      lang: q('[data-part="root"]').getAttribute('lang'),
      direction: getComputedStyle(panel).direction,
      title: q('.handle__title').textContent ?? '',
      answerRightOfDecline: answer.left > decline.right - 1,
      padding: [getComputedStyle(handle).paddingRight, getComputedStyle(handle).paddingLeft],
      numberText: number.textContent,
      numberBidi: getComputedStyle(number).unicodeBidi,
      onScreen: box.left >= 0 && box.top >= 0 && box.right <= innerWidth && box.bottom <= innerHeight,
    };
  });
  expect(layout).toMatchObject({ dir: 'rtl', lang: 'he', direction: 'rtl', answerRightOfDecline: true, padding: ['12px', '8px'], numberText: PLATFORMA_NOTIFICATION.number, numberBidi: 'plaintext', onScreen: true });
  expect(layout.title.startsWith(RLM + RLO)).toBe(true);
  expect(layout.title.replace(BIDI_CONTROLS, '')).toBe('Incoming call');
  // The CRM page itself stays left to right.
  expect(await session.crmTab.evaluate(() => getComputedStyle(document.body).direction)).toBe('ltr');
  expect(seriousOf(await axeClosedRoot(session.crmTab, PANEL_HOST))).toEqual([]);
});
