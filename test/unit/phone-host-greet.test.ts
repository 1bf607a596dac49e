import type { HostScreenPop } from '@/lib/screen-pop/host-screen-pop';
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { PhoneHostConfig } from '@/lib/phone-host/phone-state';
import { envelope, unwrapReply } from '@/lib/messages';
import { servePhoneHost } from '@/lib/phone-host/browser-phone-host';
import type { PhoneHost } from '@/lib/phone-host/phone-host';
import { greetWorker, HELLO_RETRY_DELAYS_MS, type GreetDeps } from '@/lib/phone-host/greet-worker';

const config: PhoneHostConfig = {
  phone: { wsUrl: 'ws://127.0.0.1:5066/ws', domain: '127.0.0.1', ext: '1001', password: 'secret1001', displayName: '', iceServers: [] },
  bridge: null,
  answerInBrowser: true,
};
const NO_SETTINGS: PhoneHostConfig = { phone: null, bridge: null, answerInBrowser: true };
const lost = () => new Error('Could not establish connection. Receiving end does not exist.');

function setup(configuredByWorker: GreetDeps['configuredByWorker'] = () => false) {
  const slept: number[] = [];
  const deps = {
    hello: vi.fn<() => Promise<PhoneHostConfig>>(async () => config),
    configure: vi.fn(async (_config: PhoneHostConfig) => {}),
    configuredByWorker,
    sleep: vi.fn(async (ms: number) => void slept.push(ms)),
    logger: { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() },
  } satisfies GreetDeps;
  return { deps, slept };
}

describe('greetWorker (offscreen document start-up)', () => {
  it('configures the phone with the answer to its first hello', async () => {
    const { deps, slept } = setup();
    await greetWorker(deps);
    expect(deps.hello).toHaveBeenCalledTimes(1);
    expect(deps.configure).toHaveBeenCalledWith(config);
    expect(slept).toEqual([]);
  });

  it('asks again with a growing, capped backoff until the worker answers', async () => {
    const { deps, slept } = setup();
    for (let i = 0; i < 7; i++) deps.hello.mockRejectedValueOnce(lost());
    await greetWorker(deps);
    expect(deps.hello).toHaveBeenCalledTimes(8);
    expect(slept).toEqual([250, 500, 1000, 2000, 5000, 5000, 5000]);
    expect(slept).toEqual([...HELLO_RETRY_DELAYS_MS, 5000, 5000]);
    expect(deps.configure).toHaveBeenCalledTimes(1);
    expect(deps.configure).toHaveBeenCalledWith(config);
    expect(deps.logger.warn).toHaveBeenCalledTimes(7);
  });

  it('takes a null answer (no settings yet) as an answer and stops asking', async () => {
    const { deps } = setup();
    deps.hello.mockResolvedValueOnce(NO_SETTINGS);
    await greetWorker(deps);
    expect(deps.hello).toHaveBeenCalledTimes(1);
    expect(deps.configure).toHaveBeenCalledWith(NO_SETTINGS);
  });

  it('stops asking once the worker has configured the phone by message', async () => {
    let configured = false;
    const { deps } = setup(() => configured);
    deps.hello.mockImplementation(async () => {
      configured = true; // the watchdog's or a settings change's 'phone/configure' got there first
      throw lost();
    });
    await greetWorker(deps);
    expect(deps.hello).toHaveBeenCalledTimes(1);
    expect(deps.configure).not.toHaveBeenCalled();
  });

  it("drops a late hello answer rather than apply it over the worker's newer config", async () => {
    let configured = false;
    const { deps } = setup(() => configured);
    deps.hello.mockImplementation(async () => {
      configured = true;
      return config;
    });
    await greetWorker(deps);
    expect(deps.configure).not.toHaveBeenCalled();
  });

  it('does not ask again when configuring fails: the same answer would fail the same way', async () => {
    const { deps } = setup();
    deps.configure.mockRejectedValueOnce(new Error('bad config'));
    await expect(greetWorker(deps)).resolves.toBeUndefined();
    expect(deps.hello).toHaveBeenCalledTimes(1);
    expect(deps.logger.error).toHaveBeenCalledWith('could not start the phone', expect.any(Error));
  });
});

describe('servePhoneHost', () => {
  it("tells the start-up when the worker's config arrives, before applying it", async () => {
    fakeBrowser.reset();
    const order: string[] = [];
    const host = { configure: vi.fn(async () => void order.push('configure')) } as unknown as PhoneHost;
    const stop = servePhoneHost(host, {} as HostScreenPop, () => order.push('noticed'));
    const fromWorker = { id: 'test-extension-id', url: 'chrome-extension://test-extension-id/background.js' };
    const replies = await fakeBrowser.runtime.onMessage.trigger(envelope('phone/configure', config), fromWorker);
    unwrapReply('phone/configure', replies.find((r) => r !== undefined));
    expect(order).toEqual(['noticed', 'configure']);
    expect(host.configure).toHaveBeenCalledWith(config);
    stop();
  });
});
