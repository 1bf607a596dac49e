/**
 * Click-to-dial in the fixture CRM, with the built extension in Chromium: pointing at a tel: link
 * offers a Call button (in its own closed shadow root: the page cannot see it), a real click on
 * it places an outbound call through Kamailio that the test caller (a SIP.js page registered as
 * 2001) receives, the caller panel in that tab shows the call in its outbound mode (dialing, then
 * the timer once answered), and its Hang up ends the call with a BYE the caller gets. Numbers in
 * the page text are offered in E.164 with the default country; dates and ids are not.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startCrmSession, type CrmSession } from './helpers/crm-session';
import { pollUntil, readPhoneState } from './helpers/extension';
import { withClosedRoot } from './helpers/closed-root';
import { clickPanelButton, waitForPanel } from './helpers/panel-dom';

const DIAL_HOST = 'teleforge-dial-button';
let session: CrmSession;

beforeAll(async () => {
  // GB: the fixture's contacts have UK numbers written nationally (07700 900123).
  session = await startCrmSession({ settings: { 'Default country': 'GB' } });
});

afterAll(async () => {
  await session?.close();
});

interface DialButtonView {
  label: string | null;
  x: number;
  y: number;
}

/** The Call button as shown (read over CDP from its closed root), or null while hidden. */
function dialButton(page: Page): Promise<DialButtonView | null> {
  return withClosedRoot(page, DIAL_HOST, (root) => {
    const button = root?.querySelector('button');
    if (!button || !button.hasAttribute('data-shown')) return null;
    const box = button.getBoundingClientRect();
    return { label: button.getAttribute('aria-label'), x: box.left + box.width / 2, y: box.top + box.height / 2 };
  });
}

/** The viewport centre of the first occurrence of `text` in the page's text (in the page's world). */
async function textCentre(page: Page, text: string): Promise<{ x: number; y: number }> {
  const point = await page.evaluate((wanted) => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent?.indexOf(wanted) ?? -1;
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + wanted.length);
      const box = range.getBoundingClientRect();
      return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
    }
    return null;
  }, text);
  if (point === null) throw new Error(`no "${text}" in the page`);
  return point;
}

it('a click on the Call button of a tel: link places the call the caller receives; the panel shows it; Hang up ends it', async () => {
  const { crmTab, crm, caller, popup } = session;
  const record = `${crm.origin}/contacts/ACC-5567`;
  await crmTab.goto(record);
  await crmTab.bringToFront();
  const link = (await (await crmTab.$('#owner-line'))!.boundingBox())!;
  await crmTab.mouse.move(link.x + link.width / 2, link.y + link.height / 2);
  const button = (await pollUntil('the Call button beside the tel: link', () => dialButton(crmTab), (b) => b !== null))!;
  expect(button.label).toBe('Call 2001 with Teleforge');
  // The page's own world finds the host but not what is in it.
  expect(await crmTab.evaluate((host) => ((h) => (h ? h.shadowRoot : 'no host'))(document.querySelector(host)), DIAL_HOST)).toBeNull();

  await crmTab.mouse.move(button.x, button.y);
  await crmTab.mouse.click(button.x, button.y);
  const incoming = await pollUntil('the caller to receive the call', () => caller.incoming(), (i) => i !== null);
  expect(incoming!.dialled).toBe('2001');
  const state = await pollUntil('an outbound call dialing', () => readPhoneState(popup), (s) =>
    s?.calls.some((c) => c.direction === 'outbound' && c.state === 'dialing') ?? false,
  );
  const callId = state!.calls.find((c) => c.direction === 'outbound')!.id;
  const dialing = await waitForPanel(crmTab, callId, (p) => p.state === 'dialing', 'the panel dialing');
  expect(dialing.fields.number).toBe('2001');
  expect(dialing.buttons).toContain('Hang up');
  expect(dialing.buttons).not.toContain('Answer');

  await caller.answerIncoming();
  const active = await waitForPanel(crmTab, callId, (p) => p.state === 'active', 'the panel on the call');
  expect(active.timer).toMatch(/^\d+:\d\d$/);
  expect(active.buttons).toEqual(expect.arrayContaining(['Mute', 'Hang up']));

  await clickPanelButton(crmTab, 'Hang up', callId);
  await pollUntil('the caller to see the call end', () => caller.incoming(), (i) => i?.state === 'Terminated');
  expect((await caller.incoming())!.byeReceived).toBe(true);
  const ended = await waitForPanel(crmTab, callId, (p) => p.state === 'ended', 'the wrap-up');
  expect(ended.endReason).toBe('agent-hung-up');
  expect(ended.buttons).toEqual(expect.arrayContaining(['Open record', 'Dismiss']));
  // An outbound call pops no record by itself: the agent is still on the record they dialled from.
  expect(crmTab.url()).toBe(record);
  await clickPanelButton(crmTab, 'Dismiss', callId);
});

it('offers a number in the page text in E.164 (default country GB), and nothing on dates, quote numbers or the fictional mobiles (Ofcom drama range)', async () => {
  const { crmTab, crm } = session;
  await crmTab.goto(`${crm.origin}/contacts/ACC-5567`);
  await crmTab.bringToFront();
  const phone = await textCentre(crmTab, '020 7946 0958');
  await crmTab.mouse.move(phone.x, phone.y);
  const button = await pollUntil('the Call button beside the number', () => dialButton(crmTab), (b) => b !== null);
  expect(button!.label).toBe('Call +442079460958 with Teleforge');
  // 07700 900xxx is reserved for drama (Ofcom): possible, never valid, so not offered.
  for (const text of ['12 Nov', 'Quote #4471', '07700900123']) {
    const at = await textCentre(crmTab, text);
    await crmTab.mouse.move(at.x, at.y);
    await pollUntil(`no Call button on "${text}"`, () => dialButton(crmTab), (b) => b === null);
    // Still none a moment later: the pointer stays on text that is no number.
    await crmTab.mouse.move(at.x + 1, at.y);
    await new Promise((r) => setTimeout(r, 300));
    expect(await dialButton(crmTab)).toBeNull();
  }
});

it('a dial from the popup shows the outbound call there; the far end hanging up ends it as remote-hung-up', async () => {
  const { popup, caller } = session;
  await popup.bringToFront();
  const reply = (await popup.evaluate(() => chrome.runtime.sendMessage({ to: 'bg', name: 'call/dial', payload: { number: '2001' } }))) as {
    ok: boolean;
    value?: { callId: string };
  };
  expect(reply.ok).toBe(true);
  const callId = reply.value!.callId;
  const region = async () =>
    popup
      .$eval('section[aria-label="Current call"]', (el) => ({ state: el.getAttribute('data-state'), direction: el.getAttribute('data-direction'), text: el.textContent }))
      .catch(() => null);
  const shown = await pollUntil('the popup to show the outbound call', region, (r) => r?.state === 'dialing');
  expect(shown).toMatchObject({ direction: 'outbound' });
  expect(shown!.text).toContain('2001');
  await pollUntil('the caller to receive it', () => caller.incoming(), (i) => i?.state === 'Initial' || i?.state === 'Establishing');
  await caller.answerIncoming();
  await pollUntil('the popup to show it active', region, (r) => r?.state === 'active');
  await caller.page.evaluate(async () => void (await (window as unknown as { incoming: { bye(): Promise<void> } }).incoming.bye()));
  const ended = await pollUntil('the call to end', () => readPhoneState(popup), (s) => s?.calls.some((c) => c.id === callId && c.state === 'ended') ?? false);
  expect(ended!.calls.find((c) => c.id === callId)).toMatchObject({ endReason: 'remote-hung-up', direction: 'outbound' });
  await pollUntil('the popup call controls to go', region, (r) => r === null);
});
