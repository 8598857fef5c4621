// The admin web UI's sessions in the store, so that any replica of a team deployment
// (and a serve restarted behind the load balancer) knows a session another one opened,
// and a one-time link printed by one replica works at any other. Only SHA-256 hashes of
// session ids and link tokens are stored. The look-up is by the hash of a 256-bit random
// id, so its timing says nothing an attacker could use.
import { hash, randomBytes } from 'node:crypto';
import { mintAdminToken, redeemAdminToken } from './admin-links';
import { toSql, type Store } from './db/store';

export interface StoredSessionOptions {
  /** A session unused this long is gone. */
  idleMs: number;
  /** A session ends this long after sign-in, used or not. */
  absoluteMs: number;
  /** The oldest sessions are dropped beyond this many. */
  maxSessions: number;
  now?: () => number;
}

export interface AdminSessionStore {
  mintLoginToken(): string;
  redeemLoginToken(token: string): 'ok' | 'used' | 'invalid';
  /** A new session's id (given to the browser once; only its hash is kept). */
  open(): string;
  /** True when the id names a live session; its idle clock restarts. */
  touch(id: string): boolean;
  end(id: string): void;
  count(): number;
}

/** last_seen_at is written at most this often per session: a page load makes a burst of requests. */
export const TOUCH_WRITE_MS = 30_000;

const sha256 = (s: string): Buffer => hash('sha256', s, 'buffer');

export function storedAdminSessions(store: Store, o: StoredSessionOptions): AdminSessionStore {
  const sql = toSql(store);
  const now = o.now ?? Date.now;
  const prune = (t: number) => sql.run('DELETE FROM admin_sessions WHERE last_seen_at < ? OR created_at < ?', [t - o.idleMs, t - o.absoluteMs]);
  return {
    mintLoginToken: () => mintAdminToken(sql, now()).token,
    redeemLoginToken: (token) => redeemAdminToken(sql, token, now()),
    open() {
      const id = randomBytes(32).toString('base64url');
      const t = now();
      sql.tx(() => {
        prune(t);
        sql.run('INSERT INTO admin_sessions (hash, created_at, last_seen_at) VALUES (?, ?, ?)', [sha256(id), t, t]);
        // Past the cap, the sessions used longest ago go.
        sql.run('DELETE FROM admin_sessions WHERE hash NOT IN (SELECT hash FROM admin_sessions ORDER BY last_seen_at DESC, created_at DESC LIMIT ?)', [
          o.maxSessions,
        ]);
      });
      return id;
    },
    touch(id) {
      const h = sha256(id);
      const row = sql.get<{ created_at: number; last_seen_at: number }>('SELECT created_at, last_seen_at FROM admin_sessions WHERE hash = ?', [h]);
      if (!row) return false;
      const t = now();
      if (t - row.last_seen_at > o.idleMs || t - row.created_at > o.absoluteMs) {
        sql.run('DELETE FROM admin_sessions WHERE hash = ?', [h]);
        return false;
      }
      if (t - row.last_seen_at >= TOUCH_WRITE_MS) sql.run('UPDATE admin_sessions SET last_seen_at = ? WHERE hash = ? AND last_seen_at < ?', [t, h, t]);
      return true;
    },
    end(id) {
      sql.run('DELETE FROM admin_sessions WHERE hash = ?', [sha256(id)]);
    },
    count: () => sql.get<{ n: number }>('SELECT count(*) AS n FROM admin_sessions')?.n ?? 0,
  };
}
