// OAuth clients and grants a page at a time: clients newest first or by name (prefix
// search), grants newest first. Names, metadata and what each client holds (grants, live
// tokens, machine access) are read for the page's clients only.
import type { OAuthClientSummary } from '../../../src-shared/model/oauth';
import { stmt, type Database } from '../db/connection';
import { afterCondition, afterParams, orderClause, pageOf, prefixEnd, START, type KeysetOrder } from '../db/keyset';
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
const json = (ids: readonly string[]) => JSON.stringify(ids);

export function clientPageSql(q: ClientListQuery): { sql: string; params: Record<string, unknown>; order: KeysetOrder } {
  const order = q.search ? BY_NAME : NEWEST;
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: (q.limit ?? 100) + 1 };
  if (q.search) {
    where.push('m.name COLLATE NOCASE >= @lo AND m.name COLLATE NOCASE < @hi');
    params.lo = q.search;
    params.hi = prefixEnd(q.search);
  }
  where.push(afterCondition(order));
  Object.assign(params, afterParams(order, q.cursor));
  const sql = `SELECT m.* FROM oauth_client_meta m WHERE ${where.join(' AND ')} ${orderClause(order)} LIMIT @limit`;
  return { sql, params, order };
}

/** Live grants per client, for the given clients only. */
export function grantCounts(db: Database, clientIds: readonly string[], now = Date.now()): Map<string, number> {
  if (clientIds.length === 0) return new Map();
  const rows = stmt(
    db,
    `SELECT client_id, count(*) AS n FROM oauth_models WHERE client_id IN (SELECT value FROM json_each(?)) AND model = 'Grant'
     AND (expires_at IS NULL OR expires_at > ?) GROUP BY client_id`,
  ).all(json(clientIds), now) as { client_id: string; n: number }[];
  return new Map(rows.map((r) => [r.client_id, r.n]));
}

export const LIVE_TOKENS_SQL = `SELECT client_id, sum(n) AS n FROM (
    SELECT t.client_id, count(*) AS n FROM oauth_issued_tokens t
      JOIN oauth_models g ON g.model = 'Grant' AND g.id = t.grant_id
      WHERE t.client_id IN (SELECT value FROM json_each(@ids)) AND t.expires_at > @now GROUP BY t.client_id
    UNION ALL
    SELECT client_id, count(*) AS n FROM oauth_models WHERE client_id IN (SELECT value FROM json_each(@ids))
      AND model = 'RefreshToken' AND consumed_at IS NULL AND (expires_at IS NULL OR expires_at > @now) GROUP BY client_id
  ) GROUP BY client_id`;

/**
 * Live tokens per client, for the given clients only: unexpired access tokens (they count
 * while their grant lives: a row queued by another process just before a revoke may land
 * after it) plus unused refresh tokens.
 */
export function liveTokenCounts(db: Database, clientIds: readonly string[], now = Date.now()): Map<string, number> {
  if (clientIds.length === 0) return new Map();
  const rows = stmt(db, LIVE_TOKENS_SQL).all({ ids: json(clientIds), now }) as { client_id: string; n: number }[];
  return new Map(rows.map((r) => [r.client_id, r.n]));
}

export function readClientPage(
  db: Database,
  q: ClientListQuery,
  standingOf: StandingOf = () => () => NO_STANDING,
): { clients: OAuthClientSummary[]; nextCursor: string | null } {
  const built = clientPageSql(q);
  const all = stmt(db, built.sql).all(built.params) as MetaRow[];
  const { rows, nextCursor } = pageOf(all, q.limit ?? 100, (m) => [q.search ? m.name : m.created_at, m.client_id]);
  const ids = rows.map((m) => m.client_id);
  const mds = new Map(
    (
      stmt(db, "SELECT id, payload FROM oauth_models WHERE model = 'Client' AND id IN (SELECT value FROM json_each(?))").all(json(ids)) as {
        id: string;
        payload: string;
      }[]
    ).map((r) => [r.id, JSON.parse(r.payload) as Metadata]),
  );
  const standing = standingOf(ids);
  return { clients: rows.map((m) => summarize(m, mds.get(m.client_id) ?? null, standing(m.client_id))), nextCursor };
}

/** Names of the given clients (for grants, consents and audit rows of a page). */
export function clientNames(db: Database, clientIds: readonly string[]): Map<string, string> {
  if (clientIds.length === 0) return new Map();
  const rows = stmt(db, 'SELECT client_id, name FROM oauth_client_meta WHERE client_id IN (SELECT value FROM json_each(?))').all(json(clientIds)) as {
    client_id: string;
    name: string;
  }[];
  return new Map(rows.map((r) => [r.client_id, r.name]));
}
