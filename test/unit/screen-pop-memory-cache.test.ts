import { describe, expect, it, vi } from 'vitest';
import { writeThroughCache, type StoredValue } from '@/lib/screen-pop/pop-memory';

/** A stored value whose reads and writes are counted and can be held or failed. */
function fakeItem<T>(initial: T) {
  let stored = structuredClone(initial);
  const item = {
    getValue: vi.fn(async () => structuredClone(stored)),
    setValue: vi.fn(async (value: T) => {
      stored = structuredClone(value);
    }),
  } satisfies StoredValue<T>;
  return { item, stored: () => stored };
}

describe('writeThroughCache', () => {
  it('reads storage once; later reads come from memory', async () => {
    const { item } = fakeItem({ a: { popped: true } });
    const cache = writeThroughCache(item);
    expect(await cache.getValue()).toEqual({ a: { popped: true } });
    expect(await cache.getValue()).toEqual({ a: { popped: true } });
    expect(item.getValue).toHaveBeenCalledTimes(1);
  });

  it('joins concurrent first reads into one', async () => {
    const { item } = fakeItem({ n: 1 });
    const cache = writeThroughCache(item);
    await Promise.all([cache.getValue(), cache.getValue(), cache.getValue()]);
    expect(item.getValue).toHaveBeenCalledTimes(1);
  });

  it('hands out copies: editing what was read changes nothing until it is written', async () => {
    const { item } = fakeItem<Record<string, { popped: boolean }>>({});
    const cache = writeThroughCache(item);
    const read = await cache.getValue();
    read['call-1'] = { popped: true };
    expect(await cache.getValue()).toEqual({});
    await cache.setValue(read);
    read['call-1']!.popped = false;
    expect(await cache.getValue()).toEqual({ 'call-1': { popped: true } });
  });

  it('writes through to storage', async () => {
    const { item, stored } = fakeItem({ n: 1 });
    const cache = writeThroughCache(item);
    await cache.setValue({ n: 2 });
    expect(stored()).toEqual({ n: 2 });
    expect(await cache.getValue()).toEqual({ n: 2 });
    expect(item.getValue).not.toHaveBeenCalled();
  });

  it('forgets the copy when a write fails, and reads storage again', async () => {
    const { item } = fakeItem({ n: 1 });
    const cache = writeThroughCache(item);
    await cache.getValue();
    item.setValue.mockRejectedValueOnce(new Error('quota'));
    await expect(cache.setValue({ n: 2 })).rejects.toThrow('quota');
    expect(await cache.getValue()).toEqual({ n: 1 });
    expect(item.getValue).toHaveBeenCalledTimes(2);
  });

  it('keeps a write that finished while the first read was under way', async () => {
    const { item } = fakeItem({ n: 1 });
    let release!: (v: { n: number }) => void;
    item.getValue.mockImplementationOnce(() => new Promise((resolve) => (release = resolve)));
    const cache = writeThroughCache(item);
    const reading = cache.getValue();
    await cache.setValue({ n: 2 });
    release({ n: 1 });
    expect(await reading).toEqual({ n: 2 });
    expect(await cache.getValue()).toEqual({ n: 2 });
  });
});
