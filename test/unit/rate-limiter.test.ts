import { afterEach, describe, expect, it } from 'vitest';
import { RateLimiter, describeRetry } from '../../src-main/core/policy/rate-limiter';
import { openTestCore, tmpDir } from '../helpers/core';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function setup() {
  const t = tmpDir();
  const { core, key } = openTestCore(t.dir);
  let now = 1_000_000;
  const clock = { now: () => now, advance: (ms: number) => void (now += ms) };
  cleanups.push(() => {
    core.close();
    t.cleanup();
  });
  return { core, key, dir: t.dir, clock, limiter: new RateLimiter(core.db, clock.now) };
}

describe('rate limiter', () => {
  it('lets a full window through, then refuses with the time to wait', () => {
    const { limiter } = setup();
    const limit = { limit: 3, window: 'minute' as const };
    expect([1, 2, 3].map(() => limiter.take('p:a', limit).ok)).toEqual([true, true, true]);
    const refused = limiter.take('p:a', limit);
    expect(refused).toEqual({ ok: false, retryAfterMs: 20_000 });
  });

  it('refills over time and never beyond its capacity', () => {
    const { limiter, clock } = setup();
    const limit = { limit: 2, window: 'second' as const };
    limiter.take('p:a', limit);
    limiter.take('p:a', limit);
    expect(limiter.take('p:a', limit).ok).toBe(false);
    clock.advance(500);
    expect(limiter.take('p:a', limit).ok).toBe(true);
    expect(limiter.take('p:a', limit).ok).toBe(false);
    clock.advance(60_000);
    expect([1, 2, 3].map(() => limiter.take('p:a', limit).ok)).toEqual([true, true, false]);
  });

  it('keeps buckets apart', () => {
    const { limiter } = setup();
    const limit = { limit: 1, window: 'hour' as const };
    expect(limiter.take('p:a', limit).ok).toBe(true);
    expect(limiter.take('p:b', limit).ok).toBe(true);
    expect(limiter.take('p:a', limit).ok).toBe(false);
  });

  it('is shared by every connection to the data dir', () => {
    const { limiter, dir, key, clock } = setup();
    const other = openTestCore(dir, key).core;
    cleanups.push(() => other.close());
    const limiter2 = new RateLimiter(other.db, clock.now);
    const limit = { limit: 2, window: 'minute' as const };
    expect(limiter.take('p:shared', limit).ok).toBe(true);
    expect(limiter2.take('p:shared', limit).ok).toBe(true);
    expect(limiter.take('p:shared', limit).ok).toBe(false);
    expect(limiter2.take('p:shared', limit).ok).toBe(false);
  });

  it('says when to retry in words', () => {
    expect(describeRetry(300)).toBe('in under a second');
    expect(describeRetry(20_000)).toBe('in 20 s');
    expect(describeRetry(600_000)).toBe('in 10 min');
  });
});
