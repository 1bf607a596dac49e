/**
 * Firefox (MV2): the persistent background page hosts the phone itself. Firefox's background
 * page and popup are not reachable from puppeteer, so a small script placed before
 * background.js in a copy of the build seeds the settings and reports the mirror (storage +
 * badge) to a local probe server. The test watches that and the PBX: a REGISTER from 1001, an
 * INVITE that rings (the caller's CANCEL gets 487), and a new REGISTER after a PBX restart.
 * This also shows that the MV2 page's CSP lets it open ws:// to the PBX.
 *
 * Needs `npx wxt build -b firefox` first.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhoneState } from '../../lib/phone-host/phone-state';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings/schema';
import { startPbx, type Pbx } from '../pbx/kamailio';
import { platformaHeaderLines } from '../pbx/platforma-headers';
import { startCaller, type SipCaller } from '../pbx/sip-caller';
import { pollUntil } from './helpers/extension';
import { assertBuilt, FIREFOX_BUILD, launchFirefox } from './helpers/launch-browser';

const AGENT = '1001';
const SETTINGS_VERSION = 2;

let pbx: Pbx;
let caller: SipCaller;
let firefox: Awaited<ReturnType<typeof launchFirefox>>;
let seededDir: string;

interface Probe {
  hasSessionStorage: boolean;
  phoneState: PhoneState | null;
  badge: string;
}
let probe: Probe | undefined;
let probeServer: http.Server;

/** Receives what the probe script in the background page reports (no-cors POSTs, text/plain). */
async function startProbeServer(): Promise<number> {
  probeServer = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      probe = JSON.parse(body) as Probe;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => probeServer.listen(0, '127.0.0.1', resolve));
  return (probeServer.address() as AddressInfo).port;
}

/**
 * A copy of the Firefox build whose background page first stores these settings, and then
 * reports the worker-side mirror (storage + badge) to the probe server every 100 ms.
 */
async function seededBuild(settings: Settings, probePort: number): Promise<string> {
  assertBuilt(FIREFOX_BUILD);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'e2e-firefox-ext-'));
  await cp(FIREFOX_BUILD, dir, { recursive: true });
  // Written in wxt/storage's layout for `local:settings` (value + version metadata).
  const seed = `browser.storage.local.set(${JSON.stringify({ settings, settings$: { v: SETTINGS_VERSION } })});
setInterval(async () => {
  const area = browser.storage.session ?? browser.storage.local;
  const report = {
    hasSessionStorage: Boolean(browser.storage.session),
    phoneState: (await area.get('phoneState')).phoneState ?? null,
    badge: await browser.browserAction.getBadgeText({}),
  };
  fetch('http://127.0.0.1:${probePort}/', { method: 'POST', mode: 'no-cors', body: JSON.stringify(report) }).catch(() => {});
}, 100);
`;
  await writeFile(path.join(dir, 'e2e-seed.js'), seed);
  const manifestPath = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
  manifest.background.scripts = ['e2e-seed.js', ...manifest.background.scripts];
  await writeFile(manifestPath, JSON.stringify(manifest));
  return dir;
}

beforeAll(async () => {
  pbx = await startPbx();
  caller = await startCaller(pbx);
  const probePort = await startProbeServer();
  seededDir = await seededBuild({ ...DEFAULT_SETTINGS, pbxUrl: pbx.wsUrl, extension: AGENT, password: pbx.users[AGENT]! }, probePort);
  firefox = await launchFirefox(seededDir);
});

afterAll(async () => {
  await caller?.stop();
  await firefox?.close();
  await pbx?.stop();
  if (seededDir) await rm(seededDir, { recursive: true, force: true });
  await new Promise((resolve) => probeServer?.close(resolve));
});

const readProbe = async () => probe;

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
