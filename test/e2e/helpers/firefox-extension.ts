/**
 * Firefox (MV2) reach into the extension. Its background page and popup are not puppeteer
 * targets over WebDriver BiDi (PLATFORM-NOTES), so a small script placed before background.js in
 * a copy of the build seeds the settings and reports the background page's mirror (storage +
 * badge) to a local probe server. Everything else is observed from outside: the PBX, the CRM's
 * request log and the CRM tab's DOM.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { PhoneState } from '../../../lib/phone-host/phone-state';
import type { Settings } from '../../../lib/settings/schema';
import { assertBuilt, FIREFOX_BUILD } from './launch-browser';
import { firefoxPolicyFile } from './policy-files';

/**
 * Seeded in the layout of `local:settings` version 2, with the password inside: what an older
 * version left behind. The extension moves it to its secret store (migration to version 3, and
 * the worker's sweep for a write that lands after the migration ran).
 */
const SEEDED_VERSION = 2;

/** What the background page last reported. */
export interface FirefoxProbeReport {
  hasSessionStorage: boolean;
  phoneState: PhoneState | null;
  badge: string;
  /** Audio RTP packets of the phone's newest RTCPeerConnection (zeros before the first call). */
  audio: { sent: number; received: number; connections: number };
  /** Whether storage.local (readable by Firefox content scripts) still holds the seeded password. */
  passwordInStorageLocal: boolean;
  /** The keys of storage.managed (the enterprise policy for the add-on), or its error message. */
  managed: string[] | string;
}

export interface FirefoxProbe {
  port: number;
  /** The latest report, or undefined before the first. */
  read(): Promise<FirefoxProbeReport | undefined>;
  close(): Promise<void>;
}

/** Receives what the probe script in the background page reports (no-cors POSTs, text/plain). */
export async function startFirefoxProbe(): Promise<FirefoxProbe> {
  let latest: FirefoxProbeReport | undefined;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      latest = JSON.parse(body) as FirefoxProbeReport;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    read: async () => latest,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface SeededBuild {
  dir: string;
  /** Removes the copy (and the policy file when provisioned by policy). */
  remove(): Promise<void>;
}

export interface SeedOptions {
  /**
   * Provision by enterprise policy: this extension policy goes into Firefox's policies.json
   * (helpers/policy-files.ts, read at browser start: write before launchFirefox, which this does
   * by being called first) and `settings` should then hold only what the agent types (the password).
   */
  policy?: Record<string, unknown>;
}

/**
 * A copy of the Firefox build (`source`, default .output/firefox-mv2) whose background page first
 * stores these settings, and then reports the mirror (storage + badge) and the phone's audio
 * counters to the probe every 100 ms. The phone lives in this same page (MV2), and SIP.js makes
 * its RTCPeerConnection from the global at call time, so a subclass installed here sees it.
 */
export async function seededFirefoxBuild(
  settings: Partial<Settings>,
  probePort: number,
  source = FIREFOX_BUILD,
  { policy }: SeedOptions = {},
): Promise<SeededBuild> {
  assertBuilt(source);
  const policyFile = policy ? firefoxPolicyFile(policy) : undefined;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'e2e-firefox-ext-'));
  await cp(source, dir, { recursive: true });
  // Written in wxt/storage's layout for `local:settings` (value + version metadata).
  const seed = `browser.storage.local.set(${JSON.stringify({ settings, settings$: { v: SEEDED_VERSION } })});
const seededPassword = ${JSON.stringify(settings.password ?? '')};
const peerConnections = [];
window.RTCPeerConnection = class extends window.RTCPeerConnection {
  constructor(...args) {
    super(...args);
    peerConnections.push(this);
  }
};
async function audioPackets() {
  const totals = { sent: 0, received: 0, connections: peerConnections.length };
  const pc = peerConnections.at(-1);
  if (!pc || pc.connectionState === 'closed') return totals;
  (await pc.getStats()).forEach((s) => {
    if (s.kind !== 'audio') return;
    if (s.type === 'outbound-rtp') totals.sent += s.packetsSent ?? 0;
    if (s.type === 'inbound-rtp') totals.received += s.packetsReceived ?? 0;
  });
  return totals;
}
setInterval(async () => {
  const area = browser.storage.session ?? browser.storage.local;
  const report = {
    hasSessionStorage: Boolean(browser.storage.session),
    phoneState: (await area.get('phoneState')).phoneState ?? null,
    badge: await browser.browserAction.getBadgeText({}),
    audio: await audioPackets().catch(() => ({ sent: 0, received: 0, connections: peerConnections.length })),
    passwordInStorageLocal: seededPassword !== '' && JSON.stringify(await browser.storage.local.get(null)).includes(seededPassword),
    managed: await browser.storage.managed.get(null).then((m) => Object.keys(m), (e) => String(e && e.message)),
  };
  fetch('http://127.0.0.1:${probePort}/', { method: 'POST', mode: 'no-cors', body: JSON.stringify(report) }).catch(() => {});
}, 100);
`;
  await writeFile(path.join(dir, 'e2e-seed.js'), seed);
  const manifestPath = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
  manifest.background.scripts = ['e2e-seed.js', ...manifest.background.scripts];
  await writeFile(manifestPath, JSON.stringify(manifest));
  return {
    dir,
    remove: async () => {
      policyFile?.remove();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
