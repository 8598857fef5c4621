// Reading the audit log: pages newest first by (ts, id), a count, and export chunks.
// Every filter has an index (column, ts) that SQLite stores as (column, ts, id), so a
// page is a range read of one index in the page's order: no SCAN, no temp B-tree, and
// an empty time window costs one index seek (test/unit/audit-plans.test.ts).
import type { AuditDetail, AuditEntry, AuditExportChunk, AuditFilters, AuditPage, AuditQuery } from '../../../src-shared/model/audit';
import { formatAuditRows, type AuditExportFormat } from '../../../src-shared/model/audit-format';
import { toSql, type Store } from '../db/store';
import { GatehouseError } from '../errors';

interface Row {
  id: number;
  ts: number;
  action: string;
  actor: string | null;
  principal_type: string | null;
  principal_id: string | null;
  principal_name: string | null;
  server: string | null;
  tool: string | null;
  method: string | null;
  decision: string | null;
  reason: string | null;
  outcome: string | null;
  latency_ms: number | null;
  arguments: string | null;
  detail: string | null;
}

function parsed(text: string | null): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function toEntry(r: Row): AuditEntry {
  const detail = parsed(r.detail);
  return {
    id: r.id,
    ts: new Date(r.ts).toISOString(),
    action: r.action,
    actor: r.actor,
    principalType: r.principal_type,
    principalId: r.principal_id,
    principalName: r.principal_name,
    server: r.server,
    tool: r.tool,
    method: r.method,
    decision: r.decision,
    reason: r.reason,
    outcome: r.outcome,
    latencyMs: r.latency_ms,
    arguments: parsed(r.arguments),
    detail: detail && typeof detail === 'object' && !Array.isArray(detail) ? (detail as AuditDetail) : null,
  };
}

export function auditCursor(e: { ts: number; id: number }): string {
  return `${e.ts}:${e.id}`;
}

function parseCursor(cursor: string): { ts: number; id: number } {
  const [ts, id] = cursor.split(':').map(Number);
  if (!Number.isSafeInteger(ts) || !Number.isSafeInteger(id)) {
    throw new GatehouseError('INVALID_INPUT', 'cursor: not an audit cursor; pass the nextCursor of the previous page');
  }
  return { ts: ts!, id: id! };
}

function time(iso: string | undefined, name: string): number | undefined {
  if (iso === undefined) return undefined;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new GatehouseError('INVALID_INPUT', `${name}: not a date and time (ISO 8601)`);
  return ms;
}

interface Where {
  sql: string;
  params: Record<string, unknown>;
}

/** The WHERE clause of filters (and a cursor): only the conditions given, each a bound parameter. */
export function auditWhere(f: AuditFilters & { cursor?: string }): Where {
  const parts: string[] = [];
  const params: Record<string, unknown> = {};
  const add = (sql: string, name: string, value: unknown) => {
    if (value === undefined || value === '') return;
    parts.push(sql);
    params[name] = value;
  };
  add('e.ts >= @since', 'since', time(f.since, 'since'));
  add('e.ts < @until', 'until', time(f.until, 'until'));
  add('e.principal_id = @principalId', 'principalId', f.principalId);
  add('e.server = @server', 'server', f.server);
  add('e.tool = @tool', 'tool', f.tool);
  add('e.decision = @decision', 'decision', f.decision);
  // A row value: SQLite reads it as one range on (ts, id), the tail of every audit index.
  // The first page starts past the end, so it is the same range read as every other page.
  const c = f.cursor ? parseCursor(f.cursor) : { ts: Number.MAX_SAFE_INTEGER, id: Number.MAX_SAFE_INTEGER };
  parts.push('(e.ts, e.id) < (@cursorTs, @cursorId)');
  params.cursorTs = c.ts;
  params.cursorId = c.id;
  return { sql: `WHERE ${parts.join(' AND ')}`, params };
}

const SELECT_ROWS = `SELECT e.*, coalesce(k.name, c.name) AS principal_name FROM audit_events e
  LEFT JOIN api_keys k ON e.principal_type = 'api_key' AND k.id = e.principal_id
  LEFT JOIN oauth_client_meta c ON e.principal_type = 'oauth_client' AND c.client_id = e.principal_id`;

/** The SQL of a page; exported for the query-plan tests. */
export function auditPageSql(where: Where): string {
  return `${SELECT_ROWS} ${where.sql} ORDER BY e.ts DESC, e.id DESC LIMIT @limit`;
}

/** The SQL of a count; exported for the query-plan tests. */
export function auditCountSql(where: Where): string {
  return `SELECT count(*) AS n FROM audit_events e ${where.sql}`;
}

function readPage(store: Store, q: AuditFilters & { cursor?: string }, limit: number): { rows: Row[]; nextCursor: string | null } {
  const where = auditWhere(q);
  const rows = toSql(store).all<Row>(auditPageSql(where), { ...where.params, limit: limit + 1 });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > limit && last ? auditCursor(last) : null };
}

/** Newest first, filtered, paged by (ts, id): stable while new rows arrive. */
export function queryAudit(db: Store, q: AuditQuery): AuditPage {
  const { rows, nextCursor } = readPage(db, q, q.limit ?? 100);
  return { events: rows.map(toEntry), nextCursor };
}

/** How many events match (the export's progress bar). */
export function countAudit(db: Store, f: AuditFilters): number {
  const where = auditWhere(f);
  return toSql(db).get<{ n: number }>(auditCountSql(where), where.params)!.n;
}

/** One chunk of a whole-range export, formatted. */
export function exportAuditChunk(
  db: Store,
  q: AuditFilters & { cursor?: string; format: AuditExportFormat; limit?: number },
): AuditExportChunk {
  const { rows, nextCursor } = readPage(db, q, q.limit ?? 5000);
  return { text: formatAuditRows(rows.map(toEntry), q.format), rows: rows.length, nextCursor };
}
