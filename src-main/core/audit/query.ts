import type { AuditDetail, AuditEntry, AuditMinute, AuditPage, AuditQuery } from '../../../src-preload/contract';
import type { Database } from '../db/connection';

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

/** Newest first, filtered, paged by id (stable while new rows arrive). */
export function queryAudit(db: Database, q: AuditQuery): AuditPage {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  const filter = (sql: string, name: string, value: unknown) => {
    where.push(sql);
    params[name] = value;
  };
  if (q.since) filter('e.ts >= @since', 'since', Date.parse(q.since));
  if (q.until) filter('e.ts < @until', 'until', Date.parse(q.until));
  if (q.principalId) filter('e.principal_id = @principalId', 'principalId', q.principalId);
  if (q.server) filter('e.server = @server', 'server', q.server);
  if (q.tool) filter('e.tool = @tool', 'tool', q.tool);
  if (q.decision) filter('e.decision = @decision', 'decision', q.decision);
  if (q.before) filter('e.id < @before', 'before', q.before);
  const limit = q.limit ?? 100;
  params.limit = limit + 1;
  const rows = db
    .prepare(
      `SELECT e.*, coalesce(k.name, c.name) AS principal_name FROM audit_events e
       LEFT JOIN api_keys k ON e.principal_type = 'api_key' AND k.id = e.principal_id
       LEFT JOIN oauth_client_meta c ON e.principal_type = 'oauth_client' AND c.client_id = e.principal_id
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY e.id DESC LIMIT @limit`,
    )
    .all(params) as Row[];
  const page = rows.slice(0, limit).map(toEntry);
  return { events: page, nextCursor: rows.length > limit ? page.at(-1)!.id : null };
}

/** Calls per minute by decision over the last `minutes` minutes, oldest first, gaps filled. */
export function auditPerMinute(db: Database, minutes: number, now = Date.now()): AuditMinute[] {
  const end = Math.floor(now / 60_000) * 60_000;
  const start = end - (minutes - 1) * 60_000;
  const rows = db
    .prepare(
      `SELECT (ts / 60000) * 60000 AS minute, decision, count(*) AS n FROM audit_events
       WHERE ts >= ? AND decision IS NOT NULL GROUP BY minute, decision`,
    )
    .all(start) as { minute: number; decision: string; n: number }[];
  const byMinute = new Map<number, AuditMinute>();
  for (let m = start; m <= end; m += 60_000) {
    byMinute.set(m, { minute: new Date(m).toISOString(), allowed: 0, denied: 0, rate_limited: 0, error: 0 });
  }
  for (const r of rows) {
    const slot = byMinute.get(r.minute);
    if (slot && (r.decision === 'allowed' || r.decision === 'denied' || r.decision === 'rate_limited' || r.decision === 'error')) {
      slot[r.decision] += r.n;
    }
  }
  return [...byMinute.values()];
}

/** Deletes events older than the retention; returns how many. */
export function pruneAudit(db: Database, retentionDays: number, now = Date.now()): number {
  return db.prepare('DELETE FROM audit_events WHERE ts < ?').run(now - retentionDays * 86_400_000).changes;
}
