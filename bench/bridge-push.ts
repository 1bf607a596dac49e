/**
 * Section 7 of `npm run bench`: the bridge channel in the browser. A real redis-server and the
 * bundled bridge (test/bridge/harness.ts), the extension configured with the Bridge URL and token
 * through its popup, and v3 notifications pushed as the PBX pushes them (RPUSH). Each is timed
 * from the push (Node's epoch clock, just before RPUSH) to the frame that shows its number in the
 * CRM tab (the paint probe, same epoch timeline) and to the CRM's request for its record.
 */
import type { Page } from 'puppeteer-core';
import { pushAsPbx, v3Notification } from '../test/bridge/harness';
import { AGENT } from '../test/e2e/helpers/agent-session';
import { startBridgeSession, tokenFor } from '../test/e2e/helpers/bridge-session';
import { fillSettingsForm, pollUntil, resetPopCap } from '../test/e2e/helpers/extension';
import { epochNow, epochOf } from '../test/e2e/helpers/panel-dom';
import type { CrmServer } from '../test/crm/crm-server';
import type { Target } from './phases';

const WAIT_MS = 10_000;

export interface PushSamples {
  panel: number[];
  record: number[];
  lost: { push: number; error: string }[];
}

export async function bridgePushes(popup: Page, crm: CrmServer, at: Target, count: number): Promise<PushSamples> {
  const bridge = await startBridgeSession();
  const samples: PushSamples = { panel: [], record: [], lost: [] };
  try {
    await fillSettingsForm(popup, { 'Bridge URL': bridge.url, 'Bridge token': await tokenFor(AGENT) });
    await pollUntil(
      'the popup to say "Bridge: connected"',
      () => popup.$eval('[data-field="bridge-status"]', (el) => el.textContent ?? '').catch(() => ''),
      (text) => text === 'Bridge: connected',
      { timeoutMs: 20_000 },
    );
    for (let k = 0; k < count; k++) {
      const number = `07800${String(900000 + k)}`;
      const contactRef = `PUSH-${k}`;
      // Each push pops its record (on arrival): more than the 10 automatic pops a minute allowed.
      await resetPopCap(popup);
      await at.tab.bringToFront();
      const since = performance.now();
      const pushedAt = epochNow();
      try {
        await pushAsPbx(bridge.redis.client, v3Notification(AGENT, `bench-push-${k}`, { number, contact_ref: contactRef }));
        const paint = await at.log.waitFor((e) => e.text.includes(number), WAIT_MS, `push ${k}'s number`);
        samples.panel.push(paint.at - pushedAt);
        const request = await crm.waitForRequest((r) => r.path === `/contacts/${contactRef}` && r.at >= since, WAIT_MS);
        samples.record.push(epochOf(request.at) - pushedAt);
      } catch (e) {
        samples.lost.push({ push: k, error: e instanceof Error ? e.message.split('\n')[0]! : String(e) });
      }
      // Let the popped page settle before the next push (its early panel is the next target).
      await new Promise((r) => setTimeout(r, 300));
    }
  } finally {
    await fillSettingsForm(popup, { 'Bridge URL': '', 'Bridge token': '' }).catch(() => {});
    await bridge.close();
  }
  return samples;
}
