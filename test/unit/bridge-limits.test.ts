import { describe, expect, it } from 'vitest';
import { parseClientFrame, encodeFrame, MAX_FRAME_BYTES } from '../../bridge/frames';
import { createRateLimiter } from '../../bridge/rate-limiter';

describe('bad-token rate limiter', () => {
  it('allows `limit` hits per window per key, then blocks that key until the window ends', () => {
    let t = 0;
    const limiter = createRateLimiter({ limit: 3, windowMs: 1000, now: () => t });
    expect([1, 2, 3, 4].map(() => limiter.hit('a'))).toEqual([true, true, true, false]);
    expect(limiter.blocked('a')).toBe(true);
    expect(limiter.blocked('b')).toBe(false);
    expect(limiter.hit('b')).toBe(true);
    t = 1000;
    expect(limiter.blocked('a')).toBe(false);
    expect(limiter.hit('a')).toBe(true);
  });

  it('tracks at most maxKeys addresses', () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 60_000, now: () => 0, maxKeys: 2 });
    limiter.hit('a');
    limiter.hit('b');
    limiter.hit('c'); // drops a
    expect(limiter.blocked('a')).toBe(false);
    expect(limiter.blocked('c')).toBe(true);
  });
});

describe('frames from the extension', () => {
  it('reads ack and ping', () => {
    expect(parseClientFrame('{"type":"ack","id":"1764629000000-0"}')).toEqual({ type: 'ack', id: '1764629000000-0' });
    expect(parseClientFrame('{"type":"ping"}')).toEqual({ type: 'ping' });
  });

  it.each([
    'not json',
    '[]',
    'null',
    '{"type":"hello"}',
    '{"type":"ack"}',
    '{"type":"ack","id":"abc"}',
    '{"type":"ack","id":"1-0 OR 1"}',
    '{"type":"ack","id":1}',
    '{"__proto__":{"type":"ping"}}',
  ])('ignores %s', (text) => {
    expect(parseClientFrame(text)).toBeNull();
  });

  it('ignores a frame over 64 KiB unparsed', () => {
    expect(parseClientFrame(`{"type":"ping","pad":"${'x'.repeat(MAX_FRAME_BYTES)}"}`)).toBeNull();
  });

  it('encodes the bridge frames as the protocol names them', () => {
    expect(JSON.parse(encodeFrame({ type: 'call', id: '1-0', item: '{"a":1}', takenAt: 5 }))).toEqual({ type: 'call', id: '1-0', item: '{"a":1}', takenAt: 5 });
  });
});
