// Many audit rows at once, for tests and benches of the audit at scale: one INSERT from a
// recursive CTE in one transaction, into a data dir a core has already opened (so the
// schema is there). Columns are SQL expressions of the row number `i` (0 = oldest).
import type { Database } from '../../src-main/core/db/connection';

export interface BulkAudit {
  rows: number;
  /** Newest row's time; rows go back `stepMs` each. */
  endMs: number;
  stepMs: number;
  /** SQL of row i's principal id, e.g. pick(['key_a', 'key_b']). */
  principal: string;
  server?: string;
  tool?: string;
  /** Every `deniedEvery`-th row is denied (0: none). */
  deniedEvery?: number;
  /**
   * Drop the audit indexes first and build them again after (sorted, not row by row):
   * minutes become seconds at millions of rows. The indexes are the schema's own.
   */
  rebuildIndexes?: boolean;
}

/** SQL choosing values[i % values.length] (a CASE: no function call per row). */
export function pick(values: readonly string[]): string {
  const quote = (v: string) => `'${v.replace(/'/g, "''")}'`;
  if (values.length === 1) return quote(values[0]!);
  return `CASE i % ${values.length} ${values.map((v, k) => `WHEN ${k} THEN ${quote(v)}`).join(' ')} END`;
}

export function bulkAudit(db: Database, o: BulkAudit): void {
  const denied = o.deniedEvery ?? 0;
  const isDenied = denied > 0 ? `i % ${denied} = 0` : '0';
  const indexes = o.rebuildIndexes
    ? (db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_events' AND sql IS NOT NULL").all() as { name: string; sql: string }[])
    : [];
  db.transaction(() => {
    for (const ix of indexes) db.exec(`DROP INDEX ${ix.name}`);
    db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < @rows - 1)
       INSERT INTO audit_events (ts, action, actor, principal_type, principal_id, server, tool, method, decision, reason, outcome, latency_ms)
       SELECT @end - (@rows - 1 - i) * @step, 'mcp.request', 'guard',
         CASE WHEN substr(${o.principal}, 1, 4) = 'key_' THEN 'api_key' ELSE 'oauth_client' END, ${o.principal},
         ${o.server ?? "'fs'"}, ${o.tool ?? "'read_file'"}, 'tools/call',
         CASE WHEN ${isDenied} THEN 'denied' ELSE 'allowed' END,
         CASE WHEN ${isDenied} THEN 'denied_by_rule' ELSE NULL END,
         CASE WHEN ${isDenied} THEN NULL ELSE 'ok' END,
         0.4
       FROM n`,
    ).run({ rows: o.rows, end: o.endMs, step: o.stepMs });
    for (const ix of indexes) db.exec(ix.sql);
  })();
}
