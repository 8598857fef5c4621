import type { AuditMinute } from '../../../src-shared/model/audit';
import { toSql, type Store } from '../db/store';

const MINUTE = 60_000;

/** Calls per minute by decision over the last `minutes` minutes, oldest first, gaps filled. */
/** Exported for the query-plan tests. */
export const PER_MINUTE_SQL = `SELECT (ts / 60000) * 60000 AS minute, decision, count(*) AS n FROM audit_events
     WHERE ts >= ? AND decision IS NOT NULL GROUP BY minute, decision`;

export function auditPerMinute(db: Store, minutes: number, now = Date.now()): AuditMinute[] {
  const end = Math.floor(now / MINUTE) * MINUTE;
  const start = end - (minutes - 1) * MINUTE;
  const rows = toSql(db).all<{ minute: number; decision: string; n: number }>(PER_MINUTE_SQL, [start]);
  const byMinute = new Map<number, AuditMinute>();
  for (let m = start; m <= end; m += MINUTE) {
    byMinute.set(m, { minute: new Date(m).toISOString(), allowed: 0, denied: 0, rate_limited: 0, error: 0 });
  }
  for (const r of rows) {
    const slot = byMinute.get(r.minute);
    if (slot && isDecision(r.decision)) slot[r.decision] += r.n;
  }
  return [...byMinute.values()];
}

function isDecision(d: string): d is 'allowed' | 'denied' | 'rate_limited' | 'error' {
  return d === 'allowed' || d === 'denied' || d === 'rate_limited' || d === 'error';
}
