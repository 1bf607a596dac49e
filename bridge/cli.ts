import { readFileSync } from 'node:fs';
import { parseConfig, MIN_SECRET_BYTES } from './config';
import { createLogger, errorText } from './logger';
import { startService } from './service';
import { signAgentToken } from './tokens';

/**
 * `npm run bridge` (or `node bridge.mjs`, the bundled build): runs the service.
 * `npm run bridge -- token <ext> [--days N]`: prints an agent token signed with BRIDGE_SECRET.
 * Invalid configuration: one line per variable on stderr, exit code 2, no stack trace.
 */
const USAGE = 'usage: bridge            run the service (configured by environment, see README "Bridge")\n' +
  '       bridge token <ext> [--days N]   print a token for the agent with that extension';

const DRAIN_TIMEOUT_MS = 15_000;

function fail(lines: string[]): never {
  process.stderr.write(`bridge: ${lines.join('\nbridge: ')}\n`);
  process.exit(2);
}

async function token(args: string[]) {
  const [ext, ...rest] = args;
  if (!ext || ext.startsWith('-')) fail(['token: give the extension', USAGE]);
  let days: number | undefined;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--days' && i + 1 < rest.length) {
      days = Number(rest[++i]);
      if (!(days > 0 && days <= 3650)) fail(['token: --days must be a number of days from 1 to 3650']);
    } else fail([`token: unknown argument ${JSON.stringify(rest[i]!.slice(0, 40))}`, USAGE]);
  }
  const secret = process.env.BRIDGE_SECRET ?? '';
  if (Buffer.byteLength(secret) < MIN_SECRET_BYTES) fail([`BRIDGE_SECRET must be set, at least ${MIN_SECRET_BYTES} bytes`]);
  try {
    process.stdout.write(`${await signAgentToken(ext, new TextEncoder().encode(secret), { now: Date.now(), days })}\n`);
  } catch (error) {
    fail([`token: ${errorText(error)}`]);
  }
}

async function run() {
  const parsed = parseConfig(process.env, (path) => readFileSync(path, 'utf8'));
  if (!parsed.ok) fail(['invalid configuration:', ...parsed.errors.map((e) => `  ${e}`)]);
  const config = parsed.config;
  const log = createLogger({ write: (line) => process.stdout.write(line), now: Date.now, level: config.logLevel, base: { instance: config.instanceId } });
  process.on('unhandledRejection', (error) => log.error('unhandled rejection', { error: errorText(error) }));
  let service: Awaited<ReturnType<typeof startService>>;
  try {
    service = await startService(config, log);
  } catch (error) {
    log.error('could not start', { error: errorText(error) });
    process.exit(1);
  }
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(1); // a second signal: stop now
      stopping = true;
      // With Redis unreachable the drain could wait forever on queued commands: give up after 15 s
      // (items in flight stay in this instance's processing list for the next start or another instance).
      setTimeout(() => {
        log.error('drain timed out');
        process.exit(1);
      }, DRAIN_TIMEOUT_MS).unref();
      service.stop().then(
        () => process.exit(0),
        (error) => {
          log.error('drain failed', { error: errorText(error) });
          process.exit(1);
        },
      );
    });
  }
}

const [command, ...args] = process.argv.slice(2);
if (command === 'token') await token(args);
else if (command === undefined || command === 'run') await run();
else fail([`unknown command ${JSON.stringify(command.slice(0, 40))}`, USAGE]);
