import { openTestCore, tmpDir } from '../helpers/core';
import { figure, median, type Bench } from './figures';

/**
 * AuditLog.record, sustained, into a real SQLite file (WAL), rows of a guard's tools/call:
 * the event loop gets a turn every 16 records, as a relay gives it between messages, so
 * the rows go through the background writer (one transaction per slice), not one big flush.
 */
export const auditRows: Bench = async () => {
  const t = tmpDir('gatehouse-bench-');
  const { core } = openTestCore(t.dir);
  try {
    const rounds: number[] = [];
    for (let round = 0; round < 5; round++) {
      const n = 100_000;
      const start = process.hrtime.bigint();
      for (let i = 0; i < n; i++) {
        core.audit.record({
          action: 'mcp.request',
          actor: 'guard',
          principalType: 'api_key',
          principalId: 'key_bench0000000000',
          server: 'everything',
          tool: i % 10 === 0 ? 'get-env' : 'echo',
          method: 'tools/call',
          decision: i % 10 === 0 ? 'denied' : 'allowed',
          reason: i % 10 === 0 ? 'denied_by_rule' : null,
          outcome: i % 10 === 0 ? null : 'ok',
          latencyMs: 0.42,
        });
        if (i % 16 === 15) await new Promise((r) => setImmediate(r));
      }
      core.audit.flush();
      rounds.push(n / (Number(process.hrtime.bigint() - start) / 1e9));
    }
    const stored = core.db.prepare("SELECT count(*) FROM audit_events WHERE action = 'mcp.request'").pluck().get() as number;
    if (stored !== 500_000) throw new Error(`expected 500000 rows, found ${stored}`);
    return { audit_rows_per_s: figure(median(rounds), 'per_s', 50_000, 'higher') };
  } finally {
    core.close();
    t.cleanup();
  }
};
