// One-time sign-in links for the admin web UI minted by another process than the one
// serving it (`gatehouse admin-link` while `serve` runs): the token's SHA-256 goes into
// the data dir, the running serve spends it once. The token itself is never stored.
import { hash, randomBytes } from 'node:crypto';
import { toSql, type Store } from './db/store';

/** A link nobody opened stops working after this long. */
export const ADMIN_LINK_TTL_MS = 15 * 60_000;
export const ADMIN_LOGIN_PATH = '/admin/login';

const sha256 = (s: string): Buffer => hash('sha256', s, 'buffer');

export function mintAdminToken(store: Store, now = Date.now()): { token: string; expiresAt: number } {
  const sql = toSql(store);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = now + ADMIN_LINK_TTL_MS;
  sql.tx(() => {
    // Spent and stale links are only kept long enough to say "already used".
    sql.run('DELETE FROM admin_login_tokens WHERE expires_at < ?', [now - ADMIN_LINK_TTL_MS]);
    sql.run('INSERT INTO admin_login_tokens (hash, created_at, expires_at) VALUES (?, ?, ?)', [sha256(token), now, expiresAt]);
  });
  return { token, expiresAt };
}

/**
 * Spends a stored token: ok once, then `used`. The look-up is by SHA-256 of a 256-bit
 * random token, so its timing says nothing an attacker could use.
 */
export function redeemAdminToken(store: Store, token: string, now = Date.now()): 'ok' | 'used' | 'invalid' {
  const sql = toSql(store);
  const row = sql.get<{ expires_at: number; used_at: number | null }>('SELECT expires_at, used_at FROM admin_login_tokens WHERE hash = ?', [sha256(token)]);
  if (!row || row.expires_at <= now) return 'invalid';
  if (row.used_at !== null) return 'used';
  // Two tabs racing: only the update that finds it unused wins.
  const spent = sql.run('UPDATE admin_login_tokens SET used_at = ? WHERE hash = ? AND used_at IS NULL', [now, sha256(token)]);
  return spent.changes === 1 ? 'ok' : 'used';
}
