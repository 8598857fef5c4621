import { describe, expect, it } from 'vitest';
import { openTestCore, tmpDir } from '../helpers/core';
import { keyServices } from '../helpers/keys';

const setup = keyServices();

const base = { rules: [{ effect: 'allow' as const, pattern: 'everything:*' }], rateLimit: null };

describe('KeyService', () => {
  it('verifies a fresh key and returns its rules', () => {
    const { keys } = setup();
    const { key, secret } = keys.create({ name: 'claude', expiresInSeconds: 3600, ...base });
    const v = keys.verify(secret);
    expect(v).toMatchObject({ ok: true, keyId: key.id, name: 'claude', rules: base.rules });
    expect(key.status).toBe('active');
    expect(key.prefix).toBe(secret.slice(0, 8));
  });

  it('refuses revoked, expired, rotated-past-grace, mistyped and unknown keys, each with its own reason', () => {
    const { keys, clock } = setup();
    const revoked = keys.create({ name: 'r', expiresInSeconds: null, ...base });
    keys.revoke(revoked.key.id);
    expect(keys.verify(revoked.secret)).toMatchObject({ ok: false, reason: 'revoked' });

    const expiring = keys.create({ name: 'e', expiresInSeconds: 60, ...base });
    expect(keys.verify(expiring.secret).ok).toBe(true);
    clock.advance(60_000);
    expect(keys.verify(expiring.secret)).toMatchObject({ ok: false, reason: 'expired' });
    expect(keys.get(expiring.key.id).status).toBe('expired');

    const rotating = keys.create({ name: 'g', expiresInSeconds: null, ...base });
    const rolled = keys.rotate(rotating.key.id, 3600);
    expect(rolled.secret).not.toBe(rotating.secret);
    expect(rolled.key.id).toBe(rotating.key.id);
    expect(rolled.key.status).toBe('rotating');
    expect(keys.verify(rotating.secret).ok).toBe(true); // within grace
    expect(keys.verify(rolled.secret).ok).toBe(true);
    clock.advance(3600_000);
    expect(keys.verify(rotating.secret)).toMatchObject({ ok: false, reason: 'rotated' });
    expect(keys.verify(rolled.secret).ok).toBe(true);
    expect(keys.get(rotating.key.id).status).toBe('active');

    const typo = rolled.secret.slice(0, 20) + (rolled.secret[20] === 'x' ? 'y' : 'x') + rolled.secret.slice(21);
    expect(keys.verify(typo)).toMatchObject({ ok: false, reason: 'checksum' });
    expect(keys.verify('not a key')).toMatchObject({ ok: false, reason: 'malformed' });

    // A well-formed key with a valid checksum that Gatehouse never issued.
    const other = setup().keys.create({ name: 'elsewhere', expiresInSeconds: null, ...base });
    expect(keys.verify(other.secret)).toMatchObject({ ok: false, reason: 'unknown' });
  });

  it('rotation with no grace cuts the old key off at once', () => {
    const { keys } = setup();
    const k = keys.create({ name: 'now', expiresInSeconds: null, ...base });
    const rolled = keys.rotate(k.key.id, 0);
    expect(keys.verify(k.secret)).toMatchObject({ ok: false, reason: 'rotated' });
    expect(keys.verify(rolled.secret).ok).toBe(true);
    expect(rolled.key.status).toBe('active');
  });

  it('refuses to rotate a revoked key and to touch unknown ids', () => {
    const { keys } = setup();
    const k = keys.create({ name: 'x', expiresInSeconds: null, ...base });
    keys.revoke(k.key.id);
    expect(() => keys.rotate(k.key.id, 0)).toThrow(/revoked/);
    expect(() => keys.get('key_doesnotexist00')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('reveals the current key only through an audited action', () => {
    const { keys, core } = setup();
    const k = keys.create({ name: 'x', expiresInSeconds: null, ...base });
    const rolled = keys.rotate(k.key.id, 60);
    expect(keys.reveal(k.key.id, 'desktop')).toEqual({ secret: rolled.secret });
    const rows = core.db.prepare("SELECT actor, principal_id FROM audit_events WHERE action = 'key.reveal'").all();
    expect(rows).toEqual([{ actor: 'desktop', principal_id: k.key.id }]);
  });

  it('lists keys newest first with status and no secret', () => {
    const { keys } = setup();
    const a = keys.create({ name: 'a', expiresInSeconds: null, ...base });
    const b = keys.create({ name: 'b', expiresInSeconds: null, ...base });
    const list = keys.list().keys;
    expect(list.map((k) => k.name).sort()).toEqual(['a', 'b']);
    const text = JSON.stringify(list);
    expect(text).not.toContain(a.secret.slice(17));
    expect(text).not.toContain(b.secret.slice(17));
  });

  it('records last use at most once a minute', () => {
    const { keys, clock } = setup();
    const k = keys.create({ name: 'x', expiresInSeconds: null, ...base });
    expect(keys.get(k.key.id).lastUsedAt).toBeNull();
    keys.touch(k.key.id);
    const first = keys.get(k.key.id).lastUsedAt;
    expect(first).not.toBeNull();
    clock.advance(1000);
    keys.touch(k.key.id);
    expect(keys.get(k.key.id).lastUsedAt).toBe(first);
    clock.advance(60_000);
    keys.touch(k.key.id);
    expect(keys.get(k.key.id).lastUsedAt).not.toBe(first);
  });
});

describe('KeyService across processes', () => {
  it('a key revoked through another connection is refused within a second', async () => {
    const t = tmpDir();
    const { core: a, key } = openTestCore(t.dir);
    const { core: b } = openTestCore(t.dir, key);
    try {
      const { key: k, secret } = a.keys.create({ name: 'shared', expiresInSeconds: null, ...base });
      expect(a.keys.verify(secret).ok).toBe(true); // now cached in a
      b.keys.revoke(k.id);
      const start = Date.now();
      let result = a.keys.verify(secret);
      while (result.ok && Date.now() - start < 1000) {
        await new Promise((r) => setTimeout(r, 20));
        result = a.keys.verify(secret);
      }
      expect(result).toMatchObject({ ok: false, reason: 'revoked' });
    } finally {
      a.close();
      b.close();
      t.cleanup();
    }
  });
});
