import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { browserManagedSource, MANAGED_READ_WAIT_MS } from '@/lib/settings/managed-source';

describe('browserManagedSource', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('answers with the policy when storage.managed answers in time', async () => {
    vi.spyOn(fakeBrowser.storage.managed, 'get').mockResolvedValue({ pbxUrl: 'wss://pbx.example.com/ws' });
    await expect(browserManagedSource().read()).resolves.toEqual({ pbxUrl: 'wss://pbx.example.com/ws' });
  });

  it('a slow storage.managed (Chromium right after a browser start) is not waited for: "no policy" now, the watchers when it answers', async () => {
    let answer: (value: unknown) => void = () => {};
    vi.spyOn(fakeBrowser.storage.managed, 'get').mockImplementation(() => new Promise((resolve) => (answer = resolve)) as never);
    const source = browserManagedSource();
    const changed = vi.fn();
    source.watch(changed);
    const read = source.read();
    await vi.advanceTimersByTimeAsync(MANAGED_READ_WAIT_MS);
    await expect(read).resolves.toEqual({});
    expect(changed).not.toHaveBeenCalled();
    answer({ pbxUrl: 'wss://pbx.example.com/ws' });
    await vi.advanceTimersByTimeAsync(0);
    expect(changed).toHaveBeenCalledTimes(1);
  });

  it('Firefox with no policy for the add-on ("Managed storage manifest not found") is no policy', async () => {
    vi.spyOn(fakeBrowser.storage.managed, 'get').mockRejectedValue(new Error('Managed storage manifest not found'));
    await expect(browserManagedSource().read()).resolves.toEqual({});
  });
});
