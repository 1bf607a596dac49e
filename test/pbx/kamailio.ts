/**
 * Test PBX: a real Kamailio (SIP over WebSocket on loopback) started per test file.
 *
 * Spawned detached so it leads its own process group: Kamailio forks children, and
 * pause()/resume() must freeze the whole group (SIGSTOP) to simulate a silently dead
 * server whose TCP connections stay open.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface Pbx {
  port: number;
  wsUrl: string;
  domain: string;
  users: Record<string, string>;
  stop(): Promise<void>;
  restart(): Promise<void>;
  pause(): void;
  resume(): void;
  /** Requests seen by Kamailio since start (all runs), filtered by method and From user. */
  requests(method?: string, user?: string): number;
  /**
   * The contacts the PBX holds for `aor` (e.g. '1001') right now, read from Kamailio's location
   * table (`ul.dump` over JSON-RPC at /RPC on the SIP port, see kamailio.cfg.tmpl).
   */
  contacts(aor: string): Promise<string[]>;
  /** Raw stderr lines, for debugging a failing test. */
  log: string[];
}

const USERS: Record<string, string> = { '1001': 'secret1001', '1002': 'secret1002', '2001': 'secret2001' };
const TEMPLATE = new URL('./kamailio.cfg.tmpl', import.meta.url);
const REQ_LINE = /PBX-REQ method=(\S+) user=(\S*)/;

function findKamailio(): string {
  // /usr/sbin is often missing from a non-root PATH; Debian installs kamailio there.
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/usr/local/sbin'];
  const found = dirs.map((d) => path.join(d, 'kamailio')).find((p) => existsSync(p));
  if (!found) {
    throw new Error('kamailio is not installed: run the test command (`npm test`), which installs the Debian packages kamailio and kamailio-websocket-modules');
  }
  return found;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error('kamailio exited during start-up');
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 5)); // fine-grained: the benchmark times PBX restarts from here
  }
  throw new Error(`kamailio did not open port ${port} within ${timeoutMs} ms`);
}

/** Process groups still running, killed if the test process exits without stop(). */
const running = new Set<number>();
process.once('exit', () => {
  for (const pid of running) signalGroup(pid, 'SIGKILL');
});

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone
  }
}

/** `ul.dump`'s result: Domains[].Domain.AoRs[].Info.{AoR, Contacts[].Contact.Address}. */
interface UlDump {
  Domains?: { Domain?: { AoRs?: { Info?: { AoR?: string; Contacts?: { Contact?: { Address?: string } }[] } }[] } }[];
}

async function locationContacts(port: number, aor: string): Promise<string[]> {
  const response = await fetch(`http://127.0.0.1:${port}/RPC`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'ul.dump', id: 1 }),
  });
  const body = (await response.json()) as { result?: UlDump; error?: unknown };
  if (!body.result) throw new Error(`ul.dump failed: ${JSON.stringify(body.error ?? body)}`);
  const found: string[] = [];
  for (const domain of body.result.Domains ?? []) {
    for (const record of domain.Domain?.AoRs ?? []) {
      if (record.Info?.AoR !== aor) continue;
      for (const c of record.Info.Contacts ?? []) if (c.Contact?.Address) found.push(c.Contact.Address);
    }
  }
  return found;
}

export async function startPbx(): Promise<Pbx> {
  const binary = findKamailio();
  const port = await freePort();
  const template = await readFile(TEMPLATE, 'utf8');
  const log: string[] = [];
  const counted: { method: string; user: string }[] = [];
  let child: ChildProcess | undefined;
  let runDir: string | undefined;

  async function start(): Promise<void> {
    runDir = await mkdtemp(path.join(os.tmpdir(), 'test-pbx-'));
    const cfg = path.join(runDir, 'kamailio.cfg');
    await writeFile(cfg, template.replaceAll('__PORT__', String(port)));
    const args = ['-f', cfg, '-DD', '-E', '-Y', runDir, '-P', path.join(runDir, 'kamailio.pid'), '-w', runDir, '-m', '64', '-M', '8'];
    const proc = spawn(binary, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
    child = proc;
    if (proc.pid !== undefined) running.add(proc.pid);
    let partial = '';
    proc.stderr?.setEncoding('utf8');
    proc.stderr?.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        log.push(line);
        const m = REQ_LINE.exec(line);
        if (m?.[1] !== undefined) counted.push({ method: m[1], user: m[2] ?? '' });
      }
    });
    try {
      await waitForPort(port, proc, 10_000);
    } catch (error) {
      if (proc.pid !== undefined) {
        signalGroup(proc.pid, 'SIGKILL');
        running.delete(proc.pid);
      }
      const check = spawnSync(binary, ['-c', '-f', cfg], { encoding: 'utf8' });
      throw new Error(`${(error as Error).message}\nconfig check:\n${check.stderr}\nlog:\n${log.slice(-20).join('\n')}`);
    }
  }

  async function stop(): Promise<void> {
    const proc = child;
    child = undefined;
    const pid = proc?.pid;
    if (proc && pid !== undefined) {
      if (proc.exitCode === null && proc.signalCode === null) {
        const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
        signalGroup(pid, 'SIGCONT'); // a paused Kamailio cannot handle SIGTERM
        process.kill(pid, 'SIGTERM');
        const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      signalGroup(pid, 'SIGKILL'); // children that outlived the main process
      running.delete(pid);
    }
    if (runDir) await rm(runDir, { recursive: true, force: true });
    runDir = undefined;
  }

  await start();
  return {
    port,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    domain: '127.0.0.1',
    users: { ...USERS },
    log,
    stop,
    async restart() {
      await stop();
      await start();
    },
    pause() {
      if (child?.pid !== undefined) signalGroup(child.pid, 'SIGSTOP');
    },
    resume() {
      if (child?.pid !== undefined) signalGroup(child.pid, 'SIGCONT');
    },
    contacts: (aor) => locationContacts(port, aor),
    requests(method?: string, user?: string) {
      return counted.filter((r) => (!method || r.method === method) && (!user || r.user === user)).length;
    },
  };
}
