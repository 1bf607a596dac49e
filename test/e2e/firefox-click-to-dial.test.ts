/**
 * Click-to-dial in Firefox ESR (MV2: the background page hosts the phone and registers the
 * click-to-dial script with scripting.registerContentScripts like the caller panel's): a real
 * click on the Call button of the fixture CRM's tel: link places the call the WebRTC caller page
 * (2001) receives, the panel shows it dialing, then on the call, and its Hang up ends it with a BYE.
 *
 * Needs `TELEFORGE_CRM_ORIGINS=http://127.0.0.1,http://localhost npx wxt build -b firefox` first.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { withClosedRootBidi } from './helpers/closed-root-bidi';
import { pollUntil } from './helpers/extension';
import { startFirefoxCrmSession, type FirefoxCrmSession } from './helpers/firefox-crm-session';
import { clickFirefoxPanelButton } from './helpers/firefox-panel';
import { waitForPanel } from './helpers/panel-dom';

let session: FirefoxCrmSession;

beforeAll(async () => {
  session = await startFirefoxCrmSession({ dialCountry: 'GB' });
});

afterAll(async () => {
  await session?.close();
});

function dialButton(page: Page): Promise<{ label: string | null; x: number; y: number } | null> {
  return withClosedRootBidi(page, 'teleforge-dial-button', (root) => {
    const button = root?.querySelector('button');
    if (!button || !button.hasAttribute('data-shown')) return null;
    const box = button.getBoundingClientRect();
    return { label: button.getAttribute('aria-label'), x: box.left + box.width / 2, y: box.top + box.height / 2 };
  });
}

it('a click on the Call button of a tel: link places the call; the panel shows it; Hang up ends it', async () => {
  const { crmTab, crm, caller, probe } = session;
  await crmTab.goto(`${crm.origin}/contacts/ACC-5567`);
  await crmTab.bringToFront();
  const link = (await (await crmTab.$('#owner-line'))!.boundingBox())!;
  await crmTab.mouse.move(link.x + link.width / 2, link.y + link.height / 2);
  const button = (await pollUntil('the Call button beside the tel: link', () => dialButton(crmTab), (b) => b !== null))!;
  expect(button.label).toBe('Call 2001 with Teleforge');
  await crmTab.mouse.move(button.x, button.y);
  await crmTab.mouse.click(button.x, button.y);

  const incoming = await pollUntil('the caller to receive the call', () => caller.incoming(), (i) => i !== null);
  expect(incoming!.dialled).toBe('2001');
  const report = await pollUntil('an outbound call in the mirror', probe.read, (p) =>
    p?.phoneState?.calls.some((c) => c.direction === 'outbound' && c.state === 'dialing') ?? false,
  );
  const callId = report!.phoneState!.calls.find((c) => c.direction === 'outbound')!.id;
  await waitForPanel(crmTab, callId, (p) => p.state === 'dialing', 'the panel dialing');
  await caller.answerIncoming();
  await waitForPanel(crmTab, callId, (p) => p.state === 'active', 'the panel on the call');
  await clickFirefoxPanelButton(crmTab, 'Hang up', callId);
  await pollUntil('the caller to see the call end', () => caller.incoming(), (i) => i?.state === 'Terminated');
  expect((await caller.incoming())!.byeReceived).toBe(true);
  const ended = await waitForPanel(crmTab, callId, (p) => p.state === 'ended', 'the wrap-up');
  expect(ended.endReason).toBe('agent-hung-up');
});
