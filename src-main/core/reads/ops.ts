// What the read thread does: each admin read that can take long at scale (audit pages,
// counts, exports, the chart) and the housekeeping, as plain functions of a connection.
// The worker (./worker.ts) and the same-thread fallback (./index.ts) both run these.
import type { AuditExportChunk, AuditFilters, AuditMinute, AuditPage, AuditQuery } from '../../../src-shared/model/audit';
import type { AuditExportFormat } from '../../../src-shared/model/audit-format';
import { countAudit, exportAuditChunk, queryAudit } from '../audit/query';
import { auditPerMinute } from '../audit/per-minute';
import { maintainDatabase, type MaintenanceReport } from '../audit/retention';
import type { Database } from '../db/connection';
import { sqliteHandle, type Store } from '../db/store';
import { sqliteOnly } from '../open-store';

export interface Connections {
  /** Read-only on SQLite: every read. */
  read(): Store;
  /** Read-write, opened on first use: housekeeping only. */
  write(): Store;
  walBytes(): number | null;
  stopped(): boolean;
}

// The audit queries still need SQLite's handle; in team mode they say so.
const reader = (c: Connections): Database => sqliteOnly({ db: sqliteHandle(c.read()) }, 'the audit log screen');

export const readOps = {
  'audit.page': (c: Connections, q: AuditQuery): AuditPage => queryAudit(reader(c), q),
  'audit.count': (c: Connections, f: AuditFilters): number => countAudit(reader(c), f),
  'audit.export': (c: Connections, q: AuditFilters & { cursor?: string; format: AuditExportFormat; limit?: number }): AuditExportChunk =>
    exportAuditChunk(reader(c), q),
  'audit.perMinute': (c: Connections, a: { minutes: number; now?: number }): AuditMinute[] => auditPerMinute(reader(c), a.minutes, a.now),
  maintain: (c: Connections, a: { retentionDays: number; now?: number }): Promise<MaintenanceReport> =>
    maintainDatabase(sqliteOnly({ db: sqliteHandle(c.write()) }, 'audit retention'), () => c.walBytes(), { ...a, stopped: () => c.stopped() }),
  /** Copies the WAL into the database without blocking anyone (PASSIVE); the WAL's size after. PostgreSQL has no WAL file of ours. */
  checkpoint: (c: Connections, _a: Record<string, never>): number | null => {
    sqliteHandle(c.write())?.pragma('wal_checkpoint(PASSIVE)');
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
