// `gatehouse admin-link` (issue 15): a one-time sign-in token minted by the CLI and
// stored hashed; the running serve's sessions spend it once; it expires.
import { describe, expect, it } from 'vitest';
import { ADMIN_LINK_TTL_MS, mintAdminToken, redeemAdminToken } from '../../src-main/core/admin-links';
import { AdminSessions } from '../../src-main/http/admin-sessions';
import { freshCores } from '../helpers/core';

const cores = freshCores();

describe('admin links from another process', () => {
  it('stores only a hash, works once through the serving process, then says "used"', () => {
    const { core } = cores.open();
    const { token } = mintAdminToken(core.db);
    const stored = core.db.prepare('SELECT hash FROM admin_login_tokens').all() as { hash: Buffer }[];
    expect(stored).toHaveLength(1);
    expect(stored[0]!.hash.toString('base64url')).not.toBe(token);
    expect(JSON.stringify(core.db.prepare('SELECT * FROM admin_login_tokens').all())).not.toContain(token);
    const sessions = new AdminSessions({ redeemStored: (t) => redeemAdminToken(core.db, t) });
    const first = sessions.redeemLoginToken(token);
    expect(first.ok).toBe(true);
    expect(sessions.touch(first.ok ? first.sessionId : '')).toBe(true);
    expect(sessions.redeemLoginToken(token)).toEqual({ ok: false, reason: 'used' });
  });

  it('refuses an expired link and a token it never minted', () => {
    const { core } = cores.open();
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    const { token } = mintAdminToken(core.db, t0);
    expect(redeemAdminToken(core.db, token, t0 + ADMIN_LINK_TTL_MS + 1)).toBe('invalid');
    expect(redeemAdminToken(core.db, 'A'.repeat(43), t0)).toBe('invalid');
    const sessions = new AdminSessions({ redeemStored: (t) => redeemAdminToken(core.db, t) });
    expect(sessions.redeemLoginToken('not a token')).toEqual({ ok: false, reason: 'invalid' });
  });
});
