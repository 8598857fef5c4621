import { afterEach, describe, expect, it, vi } from 'vitest';
import { RateLimiter, describeRetry, parseBucket, principalBucket, toolBucket } from '../../src-main/core/policy/rate-limiter';
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

  it('names the buckets of a CIMD client (an https URL) so the Rate limits screen finds it again', () => {
    const { limiter } = setup();
    const cimd = 'https://app.example.com/oauth/client.json';
    const limit = { limit: 5, window: 'minute' as const };
    limiter.take(principalBucket(cimd), limit);
    limiter.take(toolBucket(cimd, 'fs', 'read:file'), limit);
    expect(parseBucket(principalBucket(cimd))).toEqual({ principalId: cimd, server: null, tool: null });
    expect(parseBucket(toolBucket(cimd, 'fs', 'read:file'))).toEqual({ principalId: cimd, server: 'fs', tool: 'read:file' });
    const levels = limiter.levels(limiter.recent(50).rows, () => limit, (id) => (id === cimd ? 'Example app' : null));
    expect(levels.map((l) => [l.principalName, l.tool]).sort()).toEqual([
      ['Example app', null],
      ['Example app', 'fs:read:file'],
    ]);
    // A key id reads as before.
    expect(principalBucket('key_abc123XYZ')).toBe('p:key_abc123XYZ');
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

  it('draws a generous limit in leases of 1%, and never lets more through than the bucket held', () => {
    const { limiter, dir, key, clock, core } = setup();
    const other = openTestCore(dir, key).core;
    cleanups.push(() => other.close());
    const limiter2 = new RateLimiter(other.db, clock.now);
    const limit = { limit: 1000, window: 'minute' as const };
    const level = () => (core.db.prepare('SELECT tokens FROM rate_buckets WHERE bucket = ?').get('p:lease') as { tokens: number }).tokens;
    // The first call takes a lease of 10 from the shared bucket; the next 9 do not touch it.
    expect(limiter.take('p:lease', limit).ok).toBe(true);
    expect(level()).toBe(990);
    for (let i = 0; i < 9; i++) expect(limiter.take('p:lease', limit).ok).toBe(true);
    expect(level()).toBe(990);
    expect(limiter.take('p:lease', limit).ok).toBe(true);
    expect(level()).toBe(980);
    // Two processes drain it together: exactly the capacity gets through, no more.
    let granted = 11;
    for (let i = 0; i < 2000; i++) if ((i % 2 ? limiter : limiter2).take('p:lease', limit).ok) granted++;
    expect(granted).toBe(1000);
    expect(limiter.take('p:lease', limit)).toEqual({ ok: false, retryAfterMs: 60 });
  });

  it('gives back what an expired lease left unspent, and what it holds when closed', () => {
    const { limiter, clock, core } = setup();
    const limit = { limit: 10_000, window: 'hour' as const };
    const level = () => (core.db.prepare('SELECT tokens FROM rate_buckets WHERE bucket = ?').get('p:back') as { tokens: number }).tokens;
    limiter.take('p:back', limit); // a lease of 100, one spent
    expect(level()).toBe(9900);
    core.db.prepare("UPDATE rate_buckets SET tokens = 5000 WHERE bucket = 'p:back'").run(); // others spent the rest
    clock.advance(1000); // the lease's second is over: 99 go back, 2.8 refilled, 100 leased anew
    limiter.take('p:back', limit);
    expect(level()).toBeCloseTo(5000 + 99 + 10_000 / 3600 - 100, 6);
    limiter.take('p:back', limit);
    const before = level();
    limiter.release(); // 98 unspent
    expect(level()).toBeCloseTo(before + 98, 6);
  });

  it('gives back an idle lease about a second after the last call, so the bucket shows the real use', async () => {
    const { core } = setup();
    const limiter = new RateLimiter(core.db); // the real clock: the sweep runs on a timer
    const limit = { limit: 1000, window: 'hour' as const }; // refill: 0.28 tokens a second
    const level = () => limiter.levels(limiter.recent(50).rows, () => limit, () => null)[0]!.tokens;
    limiter.take('p:idle', limit); // a lease of 10, one spent
    expect(level()).toBeLessThan(990.1);
    await vi.waitFor(() => expect(level()).toBeGreaterThan(998.9), { timeout: 4000, interval: 50 });
    expect(level()).toBeLessThan(1000); // the one call is still counted
    // The next call draws a new lease, with nothing left to give back twice.
    limiter.take('p:idle', limit);
    expect(level()).toBeGreaterThan(988.9);
    expect(level()).toBeLessThan(989.5);
  });

  it('stays exact for a small limit, whatever the number of processes', () => {
    const { limiter, core } = setup();
    const limit = { limit: 150, window: 'minute' as const };
    limiter.take('p:exact', limit);
    expect((core.db.prepare('SELECT tokens FROM rate_buckets WHERE bucket = ?').get('p:exact') as { tokens: number }).tokens).toBe(149);
  });

  it('drops a lease when the limit changes', () => {
    const { limiter, core } = setup();
    limiter.take('p:change', { limit: 1000, window: 'second' });
    // The old lease's 9 go back, the level is capped at the new capacity, and one is taken: exact from now on.
    expect(limiter.take('p:change', { limit: 100, window: 'second' }).ok).toBe(true);
    expect((core.db.prepare('SELECT tokens FROM rate_buckets WHERE bucket = ?').get('p:change') as { tokens: number }).tokens).toBe(99);
    expect(limiter.take('p:change', { limit: 100, window: 'second' }).ok).toBe(true);
    expect((core.db.prepare('SELECT tokens FROM rate_buckets WHERE bucket = ?').get('p:change') as { tokens: number }).tokens).toBe(98);
  });

  it('says when to retry in words', () => {
    expect(describeRetry(300)).toBe('in under a second');
    expect(describeRetry(20_000)).toBe('in 20 s');
    expect(describeRetry(600_000)).toBe('in 10 min');
  });
});
