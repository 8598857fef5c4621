// API keys a page at a time: newest first, oldest first, by name (with a
// case-insensitive prefix search), or by expiry; optionally only live keys. Each order
// has its index (migration 12): a page is one index range, never the whole table.
import type { KeyListQuery, KeySort } from '../../../src-shared/model/keys';
import { allIn } from '../db/id-list';
import { toSql, type Store } from '../db/store';
import { nameSearch, pageOf, pageTail, START, type KeysetOrder } from '../db/keyset';
import type { KeyRow, SecretRow } from './rows';

const ORDERS: Record<KeySort, KeysetOrder & { value: (r: KeyRow) => string | number | null }> = {
  newest: { column: 'k.created_at', tie: 'k.id', desc: true, start: START.newest, value: (r) => r.created_at },
  oldest: { column: 'k.created_at', tie: 'k.id', desc: false, start: START.oldest, value: (r) => r.created_at },
  name: { column: 'k.name', nocase: true, tie: 'k.id', desc: false, start: START.textAsc, value: (r) => r.name },
  name_desc: { column: 'k.name', nocase: true, tie: 'k.id', desc: true, start: START.textDesc, value: (r) => r.name },
  expiry: { column: 'k.expires_at', tie: 'k.id', desc: false, start: START.oldest, value: (r) => r.expires_at },
};

export interface KeyPageRows {
  rows: KeyRow[];
  secrets: Map<string, SecretRow[]>;
  nextCursor: string | null;
}

interface Built {
  sql: string;
  params: Record<string, unknown>;
}

/** A search orders by name (the prefix is a range of the name index). */
function sortOf(q: KeyListQuery): KeySort {
  const sort = q.sort ?? 'newest';
  if (q.search && sort !== 'name' && sort !== 'name_desc') return 'name';
  return sort;
}

export function keyPageSql(q: KeyListQuery, now: number): Built {
  const sort = sortOf(q);
  const order = ORDERS[sort];
  const { where, params } = nameSearch(q, 'k.name');
  if (q.live) {
    where.push('k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > @now)');
    params.now = now;
  }
  if (sort === 'expiry') {
    where.push('k.expires_at IS NOT NULL AND k.expires_at > @now');
    params.now = now;
    if (q.expiresBefore) {
      where.push('k.expires_at <= @expiresBefore');
      params.expiresBefore = Date.parse(q.expiresBefore);
    }
  }
  const tail = pageTail({ where, params }, order, q.cursor);
  return { sql: `SELECT k.* FROM api_keys k ${tail.sql}`, params: tail.params };
}

export function readKeyPage(store: Store, q: KeyListQuery, now: number): KeyPageRows {
  const db = toSql(store);
  const built = keyPageSql(q, now);
  const all = db.all<KeyRow>(built.sql, built.params);
  const order = ORDERS[sortOf(q)];
  const { rows, nextCursor } = pageOf(all, q.limit ?? 100, (r) => [order.value(r), r.id]);
  return { rows, secrets: secretsOf(db, rows.map((r) => r.id)), nextCursor };
}

/** Exported for the query-plan tests: one index look-up per id (db/id-list.ts). */
export const SECRETS_OF_SQL = 'SELECT * FROM api_key_secrets WHERE key_id IN (…)';
export const KEYS_BY_IDS_SQL = 'SELECT * FROM api_keys WHERE id IN (…)';

/** The secrets of the given keys only (one query per page). */
export function secretsOf(store: Store, ids: string[]): Map<string, SecretRow[]> {
  const map = new Map<string, SecretRow[]>();
  const rows = allIn<SecretRow>(toSql(store), SECRETS_OF_SQL, ids);
  for (const s of rows) {
    const list = map.get(s.key_id) ?? [];
    list.push(s);
    map.set(s.key_id, list);
  }
  return map;
}

/** Keys by id, in no particular order (names for a page of something else). */
export function keysByIds(store: Store, ids: string[]): KeyRow[] {
  return allIn<KeyRow>(toSql(store), KEYS_BY_IDS_SQL, ids);
}
