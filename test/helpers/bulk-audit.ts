// Many audit rows at once, for tests and benches of the audit at scale: one INSERT from a
// recursive CTE in one transaction (a million rows in a few seconds), into a data dir a
// core has already opened (so the schema is there).
import type { Database } from '../../src-main/core/db/connection';

export interface BulkAudit {
  rows: number;
  /** Newest row's time; rows go back `stepMs` each. */
  endMs: number;
  stepMs: number;
  /** Principal of row i: `principals[i % principals.length]`. */
  principals: readonly string[];
  servers?: readonly string[];
  tools?: readonly string[];
  /** Every `deniedEvery`-th row is denied (0: none). */
  deniedEvery?: number;
}

export function bulkAudit(db: Database, o: BulkAudit): void {
  const servers = o.servers ?? ['fs'];
  const tools = o.tools ?? ['read_file'];
  const list = (values: readonly string[]) => `json_array(${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')})`;
  db.transaction(() =>
    db
      .prepare(
        `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < @rows - 1)
         INSERT INTO audit_events (ts, action, actor, principal_type, principal_id, server, tool, method, decision, reason, outcome, latency_ms)
         SELECT @end - (@rows - 1 - i) * @step, 'mcp.request', 'guard',
           CASE WHEN substr(json_extract(${list(o.principals)}, '$[' || (i % ${o.principals.length}) || ']'), 1, 4) = 'key_' THEN 'api_key' ELSE 'oauth_client' END,
           json_extract(${list(o.principals)}, '$[' || (i % ${o.principals.length}) || ']'),
           json_extract(${list(servers)}, '$[' || (i % ${servers.length}) || ']'),
           json_extract(${list(tools)}, '$[' || (i % ${tools.length}) || ']'),
           'tools/call',
           CASE WHEN @denied > 0 AND i % @denied = 0 THEN 'denied' ELSE 'allowed' END,
           CASE WHEN @denied > 0 AND i % @denied = 0 THEN 'denied_by_rule' ELSE NULL END,
           CASE WHEN @denied > 0 AND i % @denied = 0 THEN NULL ELSE 'ok' END,
           0.4
         FROM n`,
      )
      .run({ rows: o.rows, end: o.endMs, step: o.stepMs, denied: o.deniedEvery ?? 0 }),
  )();
}
