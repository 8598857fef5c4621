// Editing a key after creation (issue 15): every field, with the change audited before
// and after; ending a rotation grace early; the last use of each secret.
import { describe, expect, it } from 'vitest';
import { queryAudit } from '../../src-main/core/audit/query';
import { keyServices } from '../helpers/keys';

const setup = keyServices();

const allowAll = [{ effect: 'allow' as const, pattern: 'fs:*' }];

describe('key editing', () => {
  it('changes name, description, rules, rate limit and expiry, and audits each change before and after', () => {
    const { core, keys, now } = setup();
    const { key } = keys.create({ name: 'laptop', description: 'old', expiresInSeconds: 3600, rules: allowAll, rateLimit: null });
    const updated = keys.update(key.id, {
      name: 'desktop',
      description: 'new',
      rules: [{ effect: 'allow', pattern: 'fs:read_file' }],
      rateLimit: { limit: 30, window: 'minute' },
      expiresInSeconds: 7 * 86400,
    });
    expect(updated).toMatchObject({ name: 'desktop', description: 'new', rateLimit: { limit: 30, window: 'minute' }, rules: [{ effect: 'allow', pattern: 'fs:read_file' }] });
    expect(Date.parse(updated.expiresAt!)).toBe(now() + 7 * 86400_000);
    core.audit.flush();
    const event = queryAudit(core.db, { principalId: key.id, limit: 10 }).events.find((e) => e.action === 'key.update')!;
    expect(event.detail?.changes).toEqual({
      name: { before: 'laptop', after: 'desktop' },
      description: { before: 'old', after: 'new' },
      rules: { before: allowAll, after: [{ effect: 'allow', pattern: 'fs:read_file' }] },
      rateLimit: { before: null, after: { limit: 30, window: 'minute' } },
      expiresAt: { before: new Date(now() + 3600_000).toISOString(), after: new Date(now() + 7 * 86400_000).toISOString() },
    });
  });

  it('records only what changed, and "never expires" as null', () => {
    const { core, keys } = setup();
    const { key } = keys.create({ name: 'k', expiresInSeconds: 3600, rules: allowAll, rateLimit: null });
    keys.update(key.id, { name: 'k', rules: allowAll, expiresInSeconds: null });
    core.audit.flush();
    const changes = queryAudit(core.db, { principalId: key.id, limit: 10 }).events.find((e) => e.action === 'key.update')!.detail?.changes;
    expect(Object.keys(changes!)).toEqual(['expiresAt']);
    expect(keys.get(key.id).expiresAt).toBeNull();
  });

  it('refuses to change a revoked key', () => {
    const { keys } = setup();
    const { key } = keys.create({ name: 'k', expiresInSeconds: null, rules: allowAll, rateLimit: null });
    keys.revoke(key.id);
    expect(() => keys.update(key.id, { name: 'x' })).toThrow(/revoked; it cannot be changed/);
  });

  it('ends a rotation grace early: the old secret stops working at once, the new one keeps working', () => {
    const { core, keys } = setup();
    const { key, secret: old } = keys.create({ name: 'k', expiresInSeconds: null, rules: allowAll, rateLimit: null });
    const { secret: fresh } = keys.rotate(key.id, 24 * 3600);
    expect(keys.verify(old).ok).toBe(true);
    const detail = keys.endGrace(key.id);
    expect(detail.status).toBe('active');
    expect(detail.secrets.map((s) => s.state).sort()).toEqual(['current', 'retired']);
    expect(keys.verify(old)).toMatchObject({ ok: false, reason: 'rotated' });
    expect(keys.verify(fresh).ok).toBe(true);
    expect(() => keys.endGrace(key.id)).toThrow(/no previous secret in a grace period/);
    core.audit.flush();
    expect(queryAudit(core.db, { principalId: key.id, limit: 10 }).events.some((e) => e.action === 'key.end_grace')).toBe(true);
  });

  it('shows the last use of each secret during a grace', () => {
    const { keys, advance } = setup();
    const { key, secret: old } = keys.create({ name: 'k', expiresInSeconds: null, rules: allowAll, rateLimit: null });
    const { secret: fresh } = keys.rotate(key.id, 3600);
    const use = (secret: string) => {
      expect(keys.verify(secret).ok).toBe(true);
      keys.touch(key.id);
    };
    use(fresh);
    let secrets = keys.get(key.id).secrets;
    expect(secrets.find((s) => s.state === 'current')!.lastUsedAt).not.toBeNull();
    expect(secrets.find((s) => s.state === 'grace')!.lastUsedAt).toBeNull();
    advance(120_000);
    use(old);
    secrets = keys.get(key.id).secrets;
    expect(secrets.find((s) => s.state === 'grace')!.lastUsedAt).toBe(new Date(Date.parse('2026-01-01T00:00:00Z') + 120_000).toISOString());
  });
});
