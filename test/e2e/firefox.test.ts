/**
 * Firefox (MV2): the persistent background page hosts the phone itself. Firefox's background
 * page and popup are not reachable from puppeteer, so a small script placed before
 * background.js in a copy of the build seeds the settings and reports the mirror (storage +
 * badge) to a local probe server (helpers/firefox-extension.ts). The test watches that and the
 * PBX: a REGISTER from 1001, an INVITE that rings (the caller's CANCEL gets 487), and a new
 * REGISTER after a PBX restart. This also shows that the MV2 page's CSP lets it open ws:// to the PBX.
 *
 * Needs `npx wxt build -b firefox` first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../lib/settings/schema';
import { startPbx, type Pbx } from '../pbx/kamailio';
import { platformaHeaderLines } from '../pbx/platforma-headers';
import { startCaller, type SipCaller } from '../pbx/sip-caller';
import { pollUntil } from './helpers/extension';
import { seededFirefoxBuild, startFirefoxProbe, type FirefoxProbe, type SeededBuild } from './helpers/firefox-extension';
import { launchFirefox } from './helpers/launch-browser';

const AGENT = '1001';

let pbx: Pbx;
let caller: SipCaller;
let firefox: Awaited<ReturnType<typeof launchFirefox>>;
let probe: FirefoxProbe;
let build: SeededBuild;

beforeAll(async () => {
  pbx = await startPbx();
  caller = await startCaller(pbx);
  probe = await startFirefoxProbe();
  build = await seededFirefoxBuild({ ...DEFAULT_SETTINGS, pbxUrl: pbx.wsUrl, extension: AGENT, password: pbx.users[AGENT]! }, probe.port);
  firefox = await launchFirefox(build.dir);
});

afterAll(async () => {
  await caller?.stop();
  await firefox?.close();
  await pbx?.stop();
  await build?.remove();
  await probe?.close();
});

const readProbe = () => probe.read();

/**
 * Calls 1001 and proves it rings: the background page mirrors a ringing call and shows RING,
 * the INVITE gets no final answer, and our CANCEL gets 487; then the ringing state clears.
 */
async function expectRings(callRef: string): Promise<void> {
  const call = await caller.call(AGENT, platformaHeaderLines({ 'X-Platforma-Call-Ref': callRef }));
  await pollUntil(
    `a mirrored ringing call ${callRef} and the RING badge`,
    readProbe,
    (p) => p?.badge === 'RING' && (p.phoneState?.calls.some((c) => c.state === 'ringing' && c.notification.callRef === callRef) ?? false),
  );
  expect(call.finalCode(), 'the INVITE got a final answer instead of ringing').toBeUndefined();
  await call.cancel();
  expect(await call.waitFinal()).toBe(487);
  await pollUntil('the RING badge to go', readProbe, (p) => p?.badge !== 'RING');
}

describe('Firefox MV2: the background page hosts the phone', () => {
  it('registers as 1001 from the background page and mirrors it into storage.session', async () => {
    await pollUntil('a REGISTER from 1001', async () => pbx.requests('REGISTER', AGENT), (n) => n > 0, { timeoutMs: 30_000 });
    const seen = await pollUntil('the mirror to say registered', readProbe, (p) => p?.phoneState?.registration.state === 'registered');
    expect(seen).toMatchObject({ hasSessionStorage: true, badge: '' });
  });

  it('moves the password out of storage.local (which Firefox content scripts can read) and still registers with it', async () => {
    await pollUntil('the password to leave storage.local', readProbe, (p) => p?.passwordInStorageLocal === false);
    expect((await readProbe())?.phoneState?.registration.state).toBe('registered');
  });

  it('rings on an inbound INVITE', async () => {
    await expectRings('CR-FF-1');
  });

  it('registers again after the PBX restarts, and still rings', async () => {
    const before = pbx.requests('REGISTER', AGENT);
    await caller.stop();
    await pbx.restart();
    caller = await startCaller(pbx);
    await pollUntil('a new REGISTER from 1001', async () => pbx.requests('REGISTER', AGENT), (n) => n > before, { timeoutMs: 30_000 });
    await expectRings('CR-FF-2');
  });
});
