// Audit retention and the housekeeping after it, in small write transactions with a
// pause between them: another process (a guard, the gateway's rate limiter) waiting for
// the write lock gets it within one batch, and the WAL never holds more than a few
// batches. Then freed pages go back to the file system (incremental vacuum, on data dirs
// created with it) and the WAL is checkpointed and truncated. On PostgreSQL the same
// batches run (a replica's writes wait on row locks, not a file lock, but one huge DELETE
// would still hold a transaction open); its autovacuum gives the space back.
import type { Database } from '../db/connection';
import type { Sql } from '../db/sql';
import { sqliteHandle, toSql, type Store } from '../db/store';

const DAY_MS = 86_400_000;
/** A write transaction should hold the lock about this long. */
const TARGET_MS = 8;
const MIN_BATCH = 50;
const MAX_BATCH = 5000;
/** Longer than SQLite's first busy-handler sleeps (1+2+5+10 ms): a waiting writer wakes inside the pause. */
const PAUSE_MS = 20;
const VACUUM_PAGES = 512;
/** Key-change log rows older than this are gone: every live process reads the log every 100 ms. */
const CHANGE_LOG_KEEP_MS = DAY_MS;

export interface MaintenanceOptions {
  retentionDays: number;
  now?: number;
  /** Waits between transactions (tests pass one that counts). */
  pause?: (ms: number) => Promise<void>;
  /** Stops between batches when it returns true (the process is closing). */
  stopped?: () => boolean;
}

export interface MaintenanceReport {
  removed: number;
  batches: number;
  largestBatch: number;
  vacuumedPages: number;
  walBytesAfter: number | null;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** One batch of retention; exported for the query-plan tests (it reads the ts index). */
export const PRUNE_SQL = 'DELETE FROM audit_events WHERE id IN (SELECT id FROM audit_events WHERE ts < ? ORDER BY ts LIMIT ?)';

/** Deletes events past the retention, in batches sized to stay near TARGET_MS each. */
async function pruneInBatches(db: Sql, cutoff: number, o: Required<Pick<MaintenanceOptions, 'pause' | 'stopped'>>, r: MaintenanceReport) {
  let batch = 500;
  while (!o.stopped()) {
    const start = performance.now();
    const n = db.run(PRUNE_SQL, [cutoff, batch]).changes;
    const ms = performance.now() - start;
    r.removed += n;
    r.batches++;
    r.largestBatch = Math.max(r.largestBatch, n);
    if (n < batch) return;
    batch = ms < TARGET_MS / 2 ? Math.min(MAX_BATCH, batch * 2) : ms > TARGET_MS * 2 ? Math.max(MIN_BATCH, batch >> 1) : batch;
    await o.pause(PAUSE_MS);
  }
}

/** Gives freed pages back to the file system, a few at a time (a no-op without auto_vacuum=INCREMENTAL). */
async function vacuumFreePages(db: Database, o: Required<Pick<MaintenanceOptions, 'pause' | 'stopped'>>, r: MaintenanceReport) {
  if (db.pragma('auto_vacuum', { simple: true }) !== 2) return;
  while (!o.stopped()) {
    const free = db.pragma('freelist_count', { simple: true }) as number;
    if (free === 0) return;
    db.pragma(`incremental_vacuum(${Math.min(free, VACUUM_PAGES)})`);
    r.vacuumedPages += Math.min(free, VACUUM_PAGES);
    await o.pause(PAUSE_MS);
  }
}

/**
 * Copies the WAL into the database without blocking writers (PASSIVE), then resets and
 * truncates it if nobody is busy at that moment (TRUNCATE with no wait: it would hold
 * new writers back while it waited).
 */
function checkpoint(db: Database): void {
  db.pragma('wal_checkpoint(PASSIVE)');
  const busy = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // Busy: the next run tries again; journal_size_limit caps the file meanwhile.
  } finally {
    db.pragma(`busy_timeout = ${busy}`);
  }
}

/** Retention, the key-change log, and on SQLite incremental vacuum and a WAL checkpoint. */
export async function maintainDatabase(store: Store, walSize: () => number | null, opts: MaintenanceOptions): Promise<MaintenanceReport> {
  const o = { pause: opts.pause ?? sleep, stopped: opts.stopped ?? (() => false) };
  const now = opts.now ?? Date.now();
  const report: MaintenanceReport = { removed: 0, batches: 0, largestBatch: 0, vacuumedPages: 0, walBytesAfter: null };
  const sql = toSql(store);
  await pruneInBatches(sql, now - opts.retentionDays * DAY_MS, o, report);
  if (o.stopped()) return report;
  sql.run('DELETE FROM api_key_changes WHERE changed_at < ?', [now - CHANGE_LOG_KEEP_MS]);
  const db = sqliteHandle(store);
  if (!db) return report;
  await vacuumFreePages(db, o, report);
  if (o.stopped()) return report;
  checkpoint(db);
  report.walBytesAfter = walSize();
  return report;
}
