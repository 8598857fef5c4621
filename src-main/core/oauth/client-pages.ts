// OAuth clients and grants a page at a time: clients newest first or by name (prefix
// search), grants newest first. Names, metadata and what each client holds (grants, live
// tokens, machine access) are read for the page's clients only.
import type { OAuthClientSummary } from '../../../src-shared/model/oauth';
import { readForList, type BoundList } from '../db/id-list';
import { toSql, type Store } from '../db/store';
import { nameSearch, pageOf, pageTail, START, type KeysetOrder } from '../db/keyset';
import { NO_STANDING, summarize, type Metadata, type MetaRow, type StandingCounts } from './client-metadata';

/** What each of a page's clients holds now, read for those clients only. */
export type StandingOf = (clientIds: readonly string[]) => (clientId: string) => StandingCounts;

export interface ClientListQuery {
  limit?: number;
  cursor?: string;
  search?: string;
}

const NEWEST: KeysetOrder = { column: 'm.created_at', tie: 'm.client_id', desc: true, start: START.newest };
const BY_NAME: KeysetOrder = { column: 'm.name', nocase: true, tie: 'm.client_id', desc: false, start: START.textAsc };

export function clientPageSql(q: ClientListQuery): { sql: string; params: Record<string, unknown>; order: KeysetOrder } {
  const order = q.search ? BY_NAME : NEWEST;
  const tail = pageTail(nameSearch(q, 'm.name'), order, q.cursor);
  return { sql: `SELECT m.* FROM oauth_client_meta m ${tail.sql}`, params: tail.params, order };
}

/** Live grants per client, for the given clients only. */
export function grantCounts(store: Store, clientIds: readonly string[], now = Date.now()): Map<string, number> {
  const sql = toSql(store);
  const rows = readForList(clientIds, (list) =>
    sql.all<{ client_id: string; n: number }>(
      `SELECT client_id, count(*) AS n FROM oauth_models WHERE client_id IN (${list.marks}) AND model = 'Grant'
       AND (expires_at IS NULL OR expires_at > @now) GROUP BY client_id`,
      { ...list.params, now },
    ),
  );
  return new Map(rows.map((r) => [r.client_id, r.n]));
}

/** Live tokens of a list of clients (LIVE_TOKENS_SQL of the list's placeholders): by the client index of each table. */
export const liveTokensSql = (list: Pick<BoundList, 'marks'>) => `SELECT client_id, sum(n) AS n FROM (
    SELECT t.client_id, count(*) AS n FROM oauth_issued_tokens t
      JOIN oauth_models g ON g.model = 'Grant' AND g.id = t.grant_id
      WHERE t.client_id IN (${list.marks}) AND t.expires_at > @now GROUP BY t.client_id
    UNION ALL
    SELECT client_id, count(*) AS n FROM oauth_models WHERE client_id IN (${list.marks})
      AND model = 'RefreshToken' AND consumed_at IS NULL AND (expires_at IS NULL OR expires_at > @now) GROUP BY client_id
  ) AS held GROUP BY client_id`;

/**
 * Live tokens per client, for the given clients only: unexpired access tokens (they count
 * while their grant lives: a row queued by another process just before a revoke may land
 * after it) plus unused refresh tokens.
 */
export function liveTokenCounts(store: Store, clientIds: readonly string[], now = Date.now()): Map<string, number> {
  const sql = toSql(store);
  const rows = readForList(clientIds, (list) => sql.all<{ client_id: string; n: number }>(liveTokensSql(list), { ...list.params, now }));
  return new Map(rows.map((r) => [r.client_id, Number(r.n)]));
}

export function readClientPage(
  store: Store,
  q: ClientListQuery,
  standingOf: StandingOf = () => () => NO_STANDING,
): { clients: OAuthClientSummary[]; nextCursor: string | null } {
  const sql = toSql(store);
  const built = clientPageSql(q);
  const all = sql.all<MetaRow>(built.sql, built.params);
  const { rows, nextCursor } = pageOf(all, q.limit ?? 100, (m) => [q.search ? m.name : m.created_at, m.client_id]);
  const ids = rows.map((m) => m.client_id);
  const mds = new Map(
    readForList(ids, (list) =>
      sql.all<{ id: string; payload: string }>(`SELECT id, payload FROM oauth_models WHERE model = 'Client' AND id IN (${list.marks})`, list.params),
    ).map((r) => [r.id, JSON.parse(r.payload) as Metadata]),
  );
  const standing = standingOf(ids);
  return { clients: rows.map((m) => summarize(m, mds.get(m.client_id) ?? null, standing(m.client_id))), nextCursor };
}

/** Names of the given clients (for grants, consents and audit rows of a page). */
export function clientNames(store: Store, clientIds: readonly string[]): Map<string, string> {
  const sql = toSql(store);
  const rows = readForList(clientIds, (list) =>
    sql.all<{ client_id: string; name: string }>(`SELECT client_id, name FROM oauth_client_meta WHERE client_id IN (${list.marks})`, list.params),
  );
  return new Map(rows.map((r) => [r.client_id, r.name]));
}
