// The key-check cache: least recently used keys leave first when it is full, and a
// change made by another process (another connection) drops only the keys it changed,
// while that process's other commits (audit rows, rate buckets) drop nothing.
import { describe, expect, it } from 'vitest';
import { ownChangeClock } from '../../src-main/core/db/changes';
import { KeyCheckCache } from '../../src-main/core/keys/check-cache';
import { KeyService } from '../../src-main/core/keys/service';
import { freshCores, openTestCore } from '../helpers/core';

const cores = freshCores();
const rules = [{ effect: 'allow' as const, pattern: 'fs:*' }];

function clock(start = Date.parse('2026-01-01T00:00:00Z')) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

describe('key-check cache', () => {
  it('evicts the least recently used entry when full, not everything', () => {
    const { core } = cores.open();
    const cache = new KeyCheckCache<{ id: string }>(core.db, { max: 3 });
    for (const id of ['a', 'b', 'c']) cache.set(`l_${id}`, { id });
    expect(cache.get('l_a')).toEqual({ id: 'a' }); // a is now the most recent
    cache.set('l_d', { id: 'd' });
    expect(cache.get('l_b')).toBeUndefined(); // b was the least recently used
    expect(['l_a', 'l_c', 'l_d'].map((l) => cache.get(l)?.id)).toEqual(['a', 'c', 'd']);
    expect(cache.stats).toMatchObject({ size: 3, evicted: 1 });
  });

  it('keeps working with more keys in rotation than it holds: one miss per key past the cap, not a cleared cache', () => {
    const { core } = cores.open();
    const t = clock();
    const keys = new KeyService(core.db, core.vault, core.audit, t.now, { cacheSize: 10 });
    const secrets = Array.from({ length: 12 }, (_, i) => keys.create({ name: `k${i}`, expiresInSeconds: null, rules, rateLimit: null }).secret);
    for (const s of secrets.slice(0, 10)) expect(keys.verify(s).ok).toBe(true);
    const warm = keys.cache.stats.misses;
    for (let round = 0; round < 3; round++) for (const s of secrets.slice(0, 10)) expect(keys.verify(s).ok).toBe(true);
    expect(keys.cache.stats.misses).toBe(warm); // ten keys in a cache of ten: all hits
    expect(keys.verify(secrets[10]!).ok).toBe(true); // one more evicts only the oldest
    expect(keys.cache.stats).toMatchObject({ size: 10, evicted: 1 });
  });

  it('drops only the key another process changed, once the check interval has passed', () => {
    const { core, dir, key } = cores.open();
    const other = openTestCore(dir, key).core;
    cores.later(() => other.close());
    const t = clock();
    // A change clock of its own, stepped by t, so the test sees both sides of CHECK_MS.
    const keys = new KeyService(core.db, core.vault, core.audit, t.now, { changes: ownChangeClock(core.db, t.now) });
    const made = ['a', 'b', 'c'].map((name) => keys.create({ name, expiresInSeconds: null, rules, rateLimit: null }));
    const check = (i: number) => keys.verify(made[i]!.secret);
    for (const i of [0, 1, 2]) expect(check(i).ok).toBe(true);
    const misses = () => keys.cache.stats.misses;
    const before = misses();

    // The other process writes audit rows (a commit that changes no key): nothing is dropped.
    other.audit.record({ action: 'mcp.request', decision: 'allowed' });
    other.audit.flush();
    t.advance(101);
    for (const i of [0, 1, 2]) expect(check(i).ok).toBe(true);
    expect(misses()).toBe(before);

    // It revokes b. Within the check interval the cache has not looked yet; after it, b is
    // refused while a and c are still answered from the cache.
    other.keys.revoke(made[1]!.key.id);
    t.advance(50);
    expect(check(1).ok).toBe(true);
    t.advance(51);
    expect(check(1)).toMatchObject({ ok: false, reason: 'revoked' });
    expect(check(0).ok).toBe(true);
    expect(check(2).ok).toBe(true);
    expect(misses()).toBe(before + 1); // b alone was read again
    expect(keys.cache.stats.invalidated).toBe(1);
  });

  it('applies a rename and new rules made by another process to that key', async () => {
    const { core, dir, key } = cores.open();
    const other = openTestCore(dir, key).core;
    cores.later(() => other.close());
    const made = core.keys.create({ name: 'before', expiresInSeconds: null, rules, rateLimit: null });
    expect(core.keys.verify(made.secret)).toMatchObject({ ok: true, name: 'before' });
    other.keys.update(made.key.id, { name: 'after', rules: [{ effect: 'deny', pattern: '*:*' }] });
    await expect.poll(() => core.keys.verify(made.secret), { timeout: 1000, interval: 20 }).toMatchObject({
      ok: true,
      name: 'after',
      rules: [{ effect: 'deny', pattern: '*:*' }],
    });
  });

  it('last use, of the key and of the secret it was checked with, written once a minute, is no change: it drops nothing', async () => {
    const { core, dir, key } = cores.open();
    const other = openTestCore(dir, key).core;
    cores.later(() => other.close());
    const made = core.keys.create({ name: 'touched', expiresInSeconds: null, rules, rateLimit: null });
    expect(core.keys.verify(made.secret).ok).toBe(true);
    // The other process checks the key, then records its use (the key's and that secret's).
    expect(other.keys.verify(made.secret).ok).toBe(true);
    other.keys.touch(made.key.id);
    expect(core.db.prepare('SELECT count(*) FROM api_key_secrets WHERE key_id = ? AND last_used_at IS NOT NULL').pluck().get(made.key.id)).toBe(1);
    expect(core.db.prepare('SELECT count(*) FROM api_key_changes').pluck().get()).toBe(0);
    // A rotation is a change: the old secret is superseded, the key logged.
    other.keys.rotate(made.key.id, 60);
    expect(core.db.prepare('SELECT count(*) FROM api_key_changes WHERE key_id = ?').pluck().get(made.key.id)).toBeGreaterThan(0);
  });

  it('answers a key checked on every message with one object while the key stands (the guard allocates nothing per check)', () => {
    const { core } = cores.open();
    const t = clock();
    const keys = new KeyService(core.db, core.vault, core.audit, t.now);
    const made = keys.create({ name: 'steady', expiresInSeconds: null, rules, rateLimit: null });
    const check = keys.verifier(made.secret);
    const first = check();
    expect(first).toMatchObject({ ok: true, name: 'steady' });
    expect(check()).toBe(first);
    keys.update(made.key.id, { name: 'renamed' });
    const after = check();
    expect(after).not.toBe(first);
    expect(after).toMatchObject({ ok: true, name: 'renamed' });
    t.advance(1);
    keys.revoke(made.key.id);
    expect(check()).toMatchObject({ ok: false, reason: 'revoked' });
  });
});
