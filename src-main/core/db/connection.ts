import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { DB_FILE } from '../paths';

export type Database = BetterSqlite3.Database;

export const WAL_SIZE_LIMIT = 16 * 1024 * 1024;

export interface OpenOptions {
  nativeBinding?: string;
  /** How long a writer waits for another process's lock before SQLITE_BUSY. */
  busyTimeoutMs?: number;
  /**
   * SQLite's page cache for this connection, in KiB (SQLite's default: 2,000). A guard
   * reads a few cached rows and appends audit rows: with the default, the cache filled
   * with index pages as rows went in and the guard's memory grew by about 13 MB.
   */
  cacheKiB?: number;
}

/**
 * Opens the data dir's database for use by many processes at once (the app, the
 * CLI, one guard per protected server): WAL so readers never block the writer,
 * a generous busy timeout so writers queue instead of failing.
 */
export function openDatabase(dataDir: string, opts: OpenOptions = {}): Database {
  const file = join(dataDir, DB_FILE);
  const db = new BetterSqlite3(file, {
    timeout: opts.busyTimeoutMs ?? 10_000,
    ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
  });
  try {
    // A new file gives freed pages back to the file system when audit retention runs
    // (incremental vacuum); the mode can only be chosen before the first table exists.
    if (db.pragma('page_count', { simple: true }) === 0) db.pragma('auto_vacuum = INCREMENTAL');
    // Switching to WAL needs a brief exclusive lock; only the first open of a new file writes.
    if (String(db.pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal') {
      db.pragma('journal_mode = WAL');
    }
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    // After a checkpoint resets the WAL, the file is cut back to this size: a big delete
    // must not leave a big WAL behind for good.
    db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
    if (opts.cacheKiB) db.pragma(`cache_size = -${Math.floor(opts.cacheKiB)}`);
    // Deleted rows are overwritten with zeros, not left in free pages: a revoked token's
    // row, a replaced sealed value, a migration's deleted secrets leave nothing to undelete.
    db.pragma('secure_delete = ON');
    try {
      chmodSync(file, 0o600);
    } catch {
      // Not the owner (another user's dir) or a filesystem without modes: doctor reports it.
    }
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/** Runs fn in a write transaction that takes the lock up front (no deadlock-prone upgrade). */
export function writeTx<T>(db: Database, fn: () => T): T {
  return db.transaction(fn).immediate();
}

const statements = new WeakMap<Database, Map<string, BetterSqlite3.Statement>>();

/** A prepared statement, prepared once per connection: preparing costs more than running. */
export function stmt(db: Database, sql: string): BetterSqlite3.Statement {
  let byText = statements.get(db);
  if (!byText) statements.set(db, (byText = new Map()));
  let s = byText.get(sql);
  if (!s) byText.set(sql, (s = db.prepare(sql)));
  return s;
}
