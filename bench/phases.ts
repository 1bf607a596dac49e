/**
 * One measured call of each kind. Every time is epoch ms on one timeline: the caller page notes
 * when its INVITE frame leaves (inviteSentAt), the paint probe notes the frame that shows the
 * number, the fixture CRM notes when the record URL is requested (Node's clock, same epoch).
 */
import type { Page } from 'puppeteer-core';
import type { CrmServer } from '../test/crm/crm-server';
import { AGENT } from '../test/e2e/helpers/agent-session';
import type { BrowserCaller } from '../test/e2e/helpers/browser-caller';
import { endLiveCalls } from '../test/e2e/helpers/crm-session';
import { resetPopCap } from '../test/e2e/helpers/extension';
import { epochOf } from '../test/e2e/helpers/panel-dom';
import { platformaHeaderLines } from '../test/pbx/platforma-headers';
import { BASELINE_EXT } from './baseline-page';
import type { PaintLog } from './paint-probe';

const WAIT_MS = 10_000;

export interface Rig {
  caller: BrowserCaller;
  crm: CrmServer;
  /** An extension page to read the worker's phone-state mirror from. */
  popup: Page;
}

export interface Target {
  tab: Page;
  log: PaintLog;
}

/** Unique per call, so a paint or a request can only belong to its own call. */
export function callFields(i: number): { number: string; contactRef: string; headers: string[] } {
  const number = `07700${String(900000 + i)}`;
  const contactRef = `BENCH-${i}`;
  return {
    number,
    contactRef,
    headers: platformaHeaderLines({
      'X-Platforma-Number': number,
      'X-Platforma-Contact-Ref': contactRef,
      'X-Platforma-Call-Ref': `bench-${i}`,
    }),
  };
}

export interface ExtensionSample {
  /** Epoch ms when the INVITE left the caller page. */
  invite: number;
  /** INVITE -> the number first painted in the front CRM tab (panel or strip). */
  panel: number;
  /** INVITE -> the record URL requested by the CRM tab (pop on ring only). */
  record?: number;
  /** INVITE -> the number painted in the page the pop loaded (pop on ring only). */
  poppedPanel?: number;
}

/** A call to the extension's agent (1001): rings, is measured, and the caller gives up. */
export async function extensionCall(rig: Rig, at: Target, i: number, pops: boolean): Promise<ExtensionSample> {
  const { number, contactRef, headers } = callFields(i);
  // Every call here pops (measured or not), far more than the 10 automatic pops a minute the
  // extension allows: the cap is cleared before each, so each call is measured as the first of its minute.
  await resetPopCap(rig.popup);
  await at.tab.bringToFront();
  const since = performance.now();
  try {
    await rig.caller.call(AGENT, headers);
    const paint = await at.log.waitFor((e) => e.text.includes(number), WAIT_MS, `call ${i}'s number`);
    const invite = await inviteAt(rig.caller);
    const sample: ExtensionSample = { invite, panel: paint.at - invite };
    if (pops) {
      const request = await rig.crm.waitForRequest((r) => r.path === `/contacts/${contactRef}` && r.at >= since, WAIT_MS);
      sample.record = epochOf(request.at) - invite;
      const popped = await at.log.waitFor(
        (e) => e.text.includes(number) && e.docOrigin > invite,
        WAIT_MS,
        `call ${i}'s number in the popped page`,
      );
      sample.poppedPanel = popped.at - invite;
    }
    return sample;
  } finally {
    await endCall(rig);
  }
}

/** The same call to the bare SIP.js page (1002). */
export async function baselineCall(rig: Rig, at: Target, i: number): Promise<number> {
  const { number, headers } = callFields(i);
  await at.tab.bringToFront();
  try {
    await rig.caller.call(BASELINE_EXT, headers);
    const paint = await at.log.waitFor((e) => e.text === number, WAIT_MS, `baseline call ${i}'s number`);
    return paint.at - (await inviteAt(rig.caller));
  } finally {
    await endCall(rig);
  }
}

/** Read after the paint: a 407-challenged INVITE is sent twice, the second is the one forwarded. */
async function inviteAt(caller: BrowserCaller): Promise<number> {
  const at = await caller.inviteSentAt();
  if (at === null) throw new Error('the caller page noted no INVITE');
  return at;
}

/** The caller cancels; waits until the agent's phone is idle again (a phone that stays busy is an error). */
export function endCall(rig: Rig): Promise<void> {
  return endLiveCalls(rig, { strict: true, intervalMs: 20 });
}
