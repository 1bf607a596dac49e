/**
 * The agent already has the CRM open when they save their settings: the content script is then
 * injected into that tab (it was not registered when the page loaded). With 'When to pop: When I
 * answer', the panel rings in that tab without navigating it, and the record pops on Answer.
 *
 * Needs the build with the loopback CRM preset (`npm test` makes it).
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { platformaHeaderLines } from '../pbx/platforma-headers';
import { endLiveCalls, recordPops, ringFromCaller, settle, startCrmSession, type CrmSession } from './helpers/crm-session';
import { pollUntil, popupStatus } from './helpers/extension';
import { choose, clickSave, saveState } from './helpers/popup-form';
import { clickPanelButton, waitForPanel } from './helpers/panel-dom';

let session: CrmSession;

beforeAll(async () => {
  session = await startCrmSession({ crmTabFirst: true });
  const { popup } = session;
  await popup.bringToFront();
  await choose(popup, 'When to pop', 'When I answer');
  await clickSave(popup);
  await pollUntil('the popup to say "Saved"', () => saveState(popup), (s) => s === 'Saved');
  expect(await popupStatus(popup)).toBe('Registered as 1001');
});

afterEach(async () => {
  await endLiveCalls(session);
});

afterAll(async () => {
  await session?.close();
});

it('a CRM tab opened before the settings were saved gets the panel; "When I answer" pops only on Answer', async () => {
  const { crm, crmTab, caller, dialogs } = session;
  await crmTab.bringToFront();
  const since = performance.now();
  const { callId } = await ringFromCaller(session, platformaHeaderLines({ 'X-Platforma-Call-Ref': 'CR-OPEN-TAB' }));
  const ringing = await waitForPanel(crmTab, callId, (p) => p.state === 'ringing');
  expect(ringing.fields.number).toBe('07700900123');
  await settle(1_000); // a pop on ring, if there were one, would have come by now
  expect(recordPops(crm, since)).toEqual([]);
  expect(crmTab.url()).toBe(`${crm.origin}/`);

  await clickPanelButton(crmTab, 'Answer', callId);
  await pollUntil('the caller to see the call established', () => caller.sessionState(), (s) => s === 'Established');
  await crm.waitForRequest((r) => r.path === '/contacts/ACC-5567' && r.at >= since);
  const active = await waitForPanel(crmTab, callId, (p) => p.state === 'active');
  expect(active.fields.contactRef).toBe('ACC-5567');
  expect(crmTab.url()).toBe(`${crm.origin}/contacts/ACC-5567`);
  expect(recordPops(crm, since)).toHaveLength(1);

  await clickPanelButton(crmTab, 'Hang up', callId);
  await pollUntil('the caller to see the call end', () => caller.sessionState(), (s) => s === 'Terminated');
  expect(dialogs).toEqual([]);
});
