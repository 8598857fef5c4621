// What the read thread does: each admin read that can take long at scale (audit pages,
// counts, exports, the chart) and the housekeeping, as plain functions of a connection.
// The worker (./worker.ts) and the same-thread fallback (./index.ts) both run these.
import type { AuditExportChunk, AuditFilters, AuditMinute, AuditPage, AuditQuery } from '../../../src-shared/model/audit';
import type { AuditExportFormat } from '../../../src-shared/model/audit-format';
import { countAudit, exportAuditChunk, queryAudit } from '../audit/query';
import { auditPerMinute } from '../audit/per-minute';
import { maintainDatabase, type MaintenanceReport } from '../audit/retention';
import type { Sql } from '../db/sql';
import { sqliteHandle } from '../db/store';

/**
 * The read thread's store connections, on either engine (SQLite: a read-only and a
 * read-write connection to the data dir's file; PostgreSQL: a connection of the read
 * thread's own, which may be one for both).
 */
export interface Connections {
  /** Read-only: every read. */
  read(): Sql;
  /** Read-write, opened on first use: housekeeping only. */
  write(): Sql;
  walBytes(): number | null;
  stopped(): boolean;
}

export const readOps = {
  'audit.page': (c: Connections, q: AuditQuery): AuditPage => queryAudit(c.read(), q),
  'audit.count': (c: Connections, f: AuditFilters): number => countAudit(c.read(), f),
  'audit.export': (c: Connections, q: AuditFilters & { cursor?: string; format: AuditExportFormat; limit?: number }): AuditExportChunk =>
    exportAuditChunk(c.read(), q),
  'audit.perMinute': (c: Connections, a: { minutes: number; now?: number }): AuditMinute[] => auditPerMinute(c.read(), a.minutes, a.now),
  maintain: (c: Connections, a: { retentionDays: number; now?: number }): Promise<MaintenanceReport> =>
    maintainDatabase(c.write(), () => c.walBytes(), { ...a, stopped: () => c.stopped() }),
  /** SQLite: copies the WAL into the database without blocking anyone (PASSIVE); the WAL's size after. PostgreSQL: nothing to do (null). */
  checkpoint: (c: Connections, _a: Record<string, never>): number | null => {
    const db = sqliteHandle(c.write());
    if (!db) return null;
    db.pragma('wal_checkpoint(PASSIVE)');
    return c.walBytes();
  },
} as const;

export type ReadOps = typeof readOps;
export type ReadOp = keyof ReadOps;
export type ReadArgs<K extends ReadOp> = Parameters<ReadOps[K]>[1];
export type ReadResult<K extends ReadOp> = Awaited<ReturnType<ReadOps[K]>>;

export function runReadOp<K extends ReadOp>(c: Connections, op: K, args: ReadArgs<K>): ReadResult<K> | Promise<ReadResult<K>> {
  const fn = readOps[op] as (c: Connections, a: ReadArgs<K>) => ReadResult<K> | Promise<ReadResult<K>>;
  return fn(c, args);
}
