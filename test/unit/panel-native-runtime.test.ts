import { afterEach, describe, expect, it, vi } from 'vitest';
import { nativeRuntime } from '@/lib/content/native-runtime';

describe('native runtime for the caller panel', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("takes Firefox's browser.runtime when it has an id", () => {
    const firefox = { id: 'ff-id' };
    vi.stubGlobal('browser', { runtime: firefox });
    vi.stubGlobal('chrome', { runtime: { id: 'compat' } });
    expect(nativeRuntime()).toBe(firefox);
  });

  it("takes Chrome's chrome.runtime otherwise, and is undefined without either", () => {
    const chrome = { id: 'cr-id' };
    vi.stubGlobal('browser', undefined);
    vi.stubGlobal('chrome', { runtime: chrome });
    expect(nativeRuntime()).toBe(chrome);
    vi.stubGlobal('chrome', {});
    expect(nativeRuntime()).toBeUndefined();
  });
});
