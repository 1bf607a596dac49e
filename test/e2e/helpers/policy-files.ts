/**
 * Browser policy for the e2e tests, written where Debian's browsers read machine policy, from the
 * example files in deploy/policies/ (the files an admin starts from, so they are tested).
 *
 * Machine policy changes every browser on the machine: each file is uniquely named (Chromium) or
 * put back as it was (Firefox has one policies.json), and removed in afterAll AND when the
 * process exits or is killed, so a crashed run leaves nothing that would change later tests.
 * Writing there needs root (tests run as root here and in CI): without it the test fails with
 * that message rather than skipping.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './launch-browser';

/** Debian's Chromium: every *.json here is machine policy (PLATFORM-NOTES). */
export const CHROMIUM_POLICY_DIR = '/etc/chromium/policies/managed';
/**
 * Firefox ESR on Debian: SysConfD/policies/policies.json (MOZ_SYSTEM_POLICIES, checked first),
 * where SysConfD is /etc/firefox; the install's distribution/ folder is read only when that is absent.
 */
export const FIREFOX_POLICY_FILE = '/etc/firefox/policies/policies.json';
export const GECKO_ID = 'screenpop@teleforge.example';
/** The id placeholder in deploy/policies/chrome-*.{json,reg} and the ADMX. */
export const ID_PLACEHOLDER = 'EXTENSION_ID';

export const EXAMPLES = path.join(ROOT, 'deploy/policies');

export function readExample(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(EXAMPLES, name), 'utf8')) as Record<string, unknown>;
}

/** The extension's own part of deploy/policies/chrome-linux.json. */
export function chromeExamplePolicy(): Record<string, unknown> {
  const example = readExample('chrome-linux.json') as { '3rdparty': { extensions: Record<string, Record<string, unknown>> } };
  return example['3rdparty'].extensions[ID_PLACEHOLDER]!;
}

/** The extension's own part of deploy/policies/firefox-policies.json. */
export function firefoxExamplePolicy(): Record<string, unknown> {
  const example = readExample('firefox-policies.json') as { policies: { '3rdparty': { Extensions: Record<string, Record<string, unknown>> } } };
  return example.policies['3rdparty'].Extensions[GECKO_ID]!;
}

/** An unpacked extension without a manifest `key`: SHA-256 of its absolute path, 32 hex digits mapped 0-f to a-p. */
export function unpackedExtensionId(dir: string): string {
  const hex = createHash('sha256').update(realpathSync(dir)).digest('hex').slice(0, 32);
  return [...hex].map((d) => String.fromCharCode('a'.charCodeAt(0) + parseInt(d, 16))).join('');
}

function requireRoot(where: string): void {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error(`This test writes browser machine policy to ${where} and must run as root (it does here and in CI); it cannot be skipped.`);
  }
}

const cleanups = new Set<() => void>();
let hooked = false;
function onExit(cleanup: () => void): void {
  cleanups.add(cleanup);
  if (hooked) return;
  hooked = true;
  const runAll = () => {
    for (const c of cleanups) {
      try {
        c();
      } catch {
        // best effort on the way out
      }
    }
    cleanups.clear();
  };
  process.on('exit', runAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      runAll();
      process.kill(process.pid, signal);
    });
  }
  process.on('uncaughtException', runAll);
}

export interface PolicyFile {
  path: string;
  /** Replaces the policy (written atomically: the browser never reads half a file). */
  write(policy: unknown): void;
  remove(): void;
}

function atomicWrite(file: string, content: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}

/** A uniquely named Chromium policy file with `extensionPolicy` for `extensionId`. */
export function chromiumPolicyFile(extensionId: string, extensionPolicy: Record<string, unknown>): PolicyFile {
  requireRoot(CHROMIUM_POLICY_DIR);
  mkdirSync(CHROMIUM_POLICY_DIR, { recursive: true });
  // Chromium reads *.json only: the temporary file of atomicWrite ends in .tmp.
  const file = path.join(CHROMIUM_POLICY_DIR, `teleforge-e2e-${process.pid}-${randomUUID().slice(0, 8)}.json`);
  const remove = () => rmSync(file, { force: true });
  onExit(remove);
  const policy: PolicyFile = {
    path: file,
    write: (p) => atomicWrite(file, JSON.stringify({ '3rdparty': { extensions: { [extensionId]: p } } }, null, 2)),
    remove: () => {
      remove();
      cleanups.delete(remove);
    },
  };
  policy.write(extensionPolicy);
  return policy;
}

/**
 * Firefox's policies.json with `extensionPolicy` for the add-on. Firefox has one such file: one
 * that was there before is set aside and put back by remove(). Read at browser start only.
 */
export function firefoxPolicyFile(extensionPolicy: Record<string, unknown>): PolicyFile {
  requireRoot(FIREFOX_POLICY_FILE);
  const dir = path.dirname(FIREFOX_POLICY_FILE);
  mkdirSync(dir, { recursive: true });
  const saved = `${FIREFOX_POLICY_FILE}.before-teleforge-e2e`;
  if (existsSync(FIREFOX_POLICY_FILE) && !existsSync(saved)) renameSync(FIREFOX_POLICY_FILE, saved);
  const remove = () => {
    rmSync(FIREFOX_POLICY_FILE, { force: true });
    if (existsSync(saved)) renameSync(saved, FIREFOX_POLICY_FILE);
  };
  onExit(remove);
  const policy: PolicyFile = {
    path: FIREFOX_POLICY_FILE,
    write: (p) => atomicWrite(FIREFOX_POLICY_FILE, JSON.stringify({ policies: { '3rdparty': { Extensions: { [GECKO_ID]: p } } } }, null, 2)),
    remove: () => {
      remove();
      cleanups.delete(remove);
    },
  };
  policy.write(extensionPolicy);
  return policy;
}
