// Team mode: the first signing key is made once for all replicas. Replicas that start at
// once would each find no key and each make one (the others' then retired at once, and
// a replica's JWKS differing from another's until their engines reloaded). Under a
// session advisory lock, taken before the transaction as the migrations take theirs (so
// the transaction's snapshot sees what the replica before us committed), the first
// replica makes the key and the others find it.
import type { SigningKeys } from './oauth/signing-keys';
import type { Sql } from './db/sql';

/** pg_advisory_lock's key for the first signing key ("gh-sign!" in ASCII, as a bigint). */
export const SIGNING_KEY_LOCK = '7451255557197360673';

export function firstSigningKeyOnce(sql: Sql, keys: Pick<SigningKeys, 'list' | 'rotate'>): void {
  if (sql.dialect !== 'postgres') return;
  sql.get('SELECT pg_advisory_lock(CAST(? AS BIGINT)) AS locked', [SIGNING_KEY_LOCK]);
  try {
    sql.tx(() => {
      if (!keys.list(0).some((k) => k.state === 'signing')) keys.rotate();
    });
  } finally {
    sql.get('SELECT pg_advisory_unlock(CAST(? AS BIGINT)) AS unlocked', [SIGNING_KEY_LOCK]);
  }
}
