import type { PhoneHostConfig } from './phone-state';
import type { Logger } from './logger';

/**
 * A (re)started offscreen document has no storage API: it learns its config by asking the
 * worker ('phone/hello'). That one message can be lost — the worker may be starting, updating
 * or stopping just then ("Receiving end does not exist", no answer) — and the phone would stay
 * unconfigured until a settings change. So it asks again with a short backoff until answered:
 *
 *   asking ──answer──▶ configure(answer) ──▶ done
 *     │  ▲
 *     │  └── wait 250 ms, 500 ms, 1 s, 2 s, then every 5 s
 *     └─no answer
 *
 * A 'phone/configure' from the worker meanwhile carries settings at least as new as any hello
 * answer still in flight, so once one arrived (`configuredByWorker`) greeting stops and a late
 * answer is dropped rather than applied over it. A null answer (no settings yet) is an answer:
 * the worker sends the config when the settings are saved.
 */
export const HELLO_RETRY_DELAYS_MS: readonly number[] = [250, 500, 1000, 2000, 5000];

export interface GreetDeps {
  hello: () => Promise<PhoneHostConfig>;
  configure: (config: PhoneHostConfig) => Promise<void>;
  configuredByWorker: () => boolean;
  sleep: (ms: number) => Promise<void>;
  logger: Logger;
  delaysMs?: readonly number[];
}

/** Resolves once the phone has a config from the worker; never rejects. */
export async function greetWorker(deps: GreetDeps): Promise<void> {
  const delays = deps.delaysMs ?? HELLO_RETRY_DELAYS_MS;
  for (let attempt = 0; !deps.configuredByWorker(); attempt++) {
    let config: PhoneHostConfig;
    try {
      config = await deps.hello();
    } catch (e) {
      const wait = delays[Math.min(attempt, delays.length - 1)] ?? 1000;
      deps.logger.warn(`no answer to phone/hello (attempt ${attempt + 1}), asking again in ${wait} ms`, e);
      await deps.sleep(wait);
      continue;
    }
    if (deps.configuredByWorker()) return;
    try {
      await deps.configure(config);
    } catch (e) {
      // The answer arrived: asking again would bring the same config and the same failure.
      deps.logger.error('could not start the phone', e);
    }
    return;
  }
}
