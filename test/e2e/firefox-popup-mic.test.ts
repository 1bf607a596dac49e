/**
 * Firefox ESR (MV2): the popup's microphone offer carries the Firefox hint (tick "Remember this
 * decision": only a remembered grant lets the background page take the microphone later). BiDi
 * cannot open the toolbar popup (nor navigate to a moz-extension:// URL), so the background page opens
 * the popup's page in a tab and reads its offer (helpers/firefox-notices.ts).
 *
 * Needs `TELEFORGE_CRM_ORIGINS=http://127.0.0.1,http://localhost npx wxt build -b firefox` first.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pollUntil } from './helpers/extension';
import { startFirefoxCrmSession, type FirefoxCrmSession } from './helpers/firefox-crm-session';

let session: FirefoxCrmSession;

beforeAll(async () => {
  session = await startFirefoxCrmSession();
});

afterAll(async () => {
  await session?.close();
});

it('the popup offers the microphone with the Firefox hint about a remembered grant', async () => {
  const { notices } = session;
  await pollUntil('the extension base URL', notices.extensionBase, (b) => b?.startsWith('moz-extension://') ?? false);
  notices.openPopupTab();
  const offer = await pollUntil('the microphone offer in the popup page', notices.micOffer, (t) => t !== null);
  expect(offer).toContain('Calls need your microphone.');
  expect(offer).toContain('tick “Remember this decision”');
});
