// Which secret of its API key a protected entry holds. After `keys rotate`, a config
// that still holds the old secret works until the grace ends and is refused after it:
// the Overview warns per config, and `keys rotate --no-repatch` lists them. Read-only:
// a look-up by the key's public id and a constant-time hash comparison.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ClientEntryKeyState } from '../../../src-shared/model/client-apps';
import { toSql, type Store } from '../db/store';
import { parseKey } from '../keys/format';

interface SecretRow {
  key_id: string;
  hash: Buffer;
  superseded_at: number | null;
  grace_until: number | null;
}

/** The API key an entry hands the guard (env GATEHOUSE_API_KEY), or null. */
export function apiKeyOf(entry: unknown): string | null {
  const env = entry && typeof entry === 'object' ? (entry as { env?: unknown }).env : undefined;
  const key = env && typeof env === 'object' ? (env as Record<string, unknown>).GATEHOUSE_API_KEY : undefined;
  return typeof key === 'string' ? key : null;
}

export type KeyStateOf = (presented: string) => (ClientEntryKeyState & { keyId: string | null }) | null;

export function keyStateReader(store: Store, now: () => number = Date.now): KeyStateOf {
  const db = toSql(store);
  return (presented) => {
    const parsed = parseKey(presented);
    if (!parsed.ok) return { state: 'unknown', graceUntil: null, keyId: null };
    const row = db.get<SecretRow>('SELECT key_id, hash, superseded_at, grace_until FROM api_key_secrets WHERE lookup_id = ?', [parsed.lookupId]);
    const digest = createHash('sha256').update(presented).digest();
    if (!row || row.hash.length !== digest.length || !timingSafeEqual(row.hash, digest)) return { state: 'unknown', graceUntil: null, keyId: null };
    const graceUntil = row.grace_until === null ? null : new Date(row.grace_until).toISOString();
    if (row.superseded_at === null) return { state: 'current', graceUntil: null, keyId: row.key_id };
    return { state: (row.grace_until ?? 0) > now() ? 'grace' : 'retired', graceUntil, keyId: row.key_id };
  };
}
