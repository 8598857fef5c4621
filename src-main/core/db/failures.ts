// Resource failures said plainly: a full disk, a data dir that cannot be written, and a
// database locked by another process past the busy timeout. SQLite and Node report them
// as "database or disk is full", "disk I/O error" (a full disk while the WAL index
// grows), "unable to open database file", "attempt to write a readonly database",
// "database is locked", ENOSPC, EROFS, EACCES: each becomes an error with its own code and
// a message naming the cause and the fix. SQLite rolls the failed write back: nothing is
// half-written, and the next write after the fix succeeds. In team mode, a statement
// PostgreSQL cancelled at the statement timeout is said with the flag that sets it.
import { accessSync, constants, statfsSync } from 'node:fs';
import { join, relative, isAbsolute } from 'node:path';
import { GatehouseError } from '../errors';
import { DB_FILE } from '../paths';
import { SqlError } from './sql';

/** Below this much free space (or no free inode), a failed write is put down to a full disk. */
const NEARLY_FULL_BYTES = 1024 * 1024;

/** The engine's or Node's code: a store-interface error (SqlError) keeps SQLite's as engineCode. */
const codeOf = (e: unknown): string => {
  if (e instanceof SqlError) return e.engineCode ?? '';
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
};

function diskFull(dataDir: string): GatehouseError {
  return new GatehouseError(
    'DISK_FULL',
    `the disk that holds the Gatehouse data dir (${dataDir}) is full, so the change was not saved. Nothing was changed and ` +
      `nothing is damaged. Free some space on that disk (df -h "${dataDir}" shows what is left), then try again.`,
  );
}

function readOnly(dataDir: string, why: string): GatehouseError {
  return new GatehouseError(
    'DATA_DIR_READ_ONLY',
    `the Gatehouse data dir (${dataDir}) cannot be written (${why}), so the change was not saved. Nothing was changed. ` +
      'Make it writable again: remount its file system read-write, or give the user running Gatehouse write access ' +
      `to the folder and its files (ls -la "${dataDir}"), then try again.`,
  );
}

function busy(dataDir: string): GatehouseError {
  return new GatehouseError(
    'DATABASE_BUSY',
    `another process kept the Gatehouse database (${join(dataDir, DB_FILE)}) locked for longer than the busy timeout ` +
      '(10 s), so the change was not saved. Nothing was changed. Finish or close what holds the lock (a sqlite3 shell or ' +
      `backup tool with an open transaction; fuser "${join(dataDir, DB_FILE)}" names the processes), then try again.`,
  );
}

/** Team mode: PostgreSQL cancelled a statement at --database-statement-timeout (its message names the timeout and the flag). */
function cancelledAtTimeout(e: SqlError): GatehouseError {
  return new GatehouseError(
    'DATABASE_BUSY',
    `the database cancelled a statement (nothing it would have changed was saved): ${e.message}; ` +
      'or find what holds it up (pg_stat_activity shows what waits on what)',
    { cause: e },
  );
}

/** Little or no space left where the data dir lives. */
function isNearlyFull(dataDir: string): boolean {
  try {
    const s = statfsSync(dataDir);
    return s.bavail * s.bsize < NEARLY_FULL_BYTES || s.ffree === 0;
  } catch {
    return false;
  }
}

/** Why the data dir (or its database file) cannot be written, or null when it can. */
function notWritable(dataDir: string): string | null {
  for (const path of [dataDir, join(dataDir, DB_FILE)]) {
    try {
      accessSync(path, constants.W_OK);
    } catch (e) {
      const code = codeOf(e);
      if (code === 'EROFS') return 'read-only file system';
      if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
    }
  }
  return null;
}

function inside(dataDir: string, path: unknown): boolean {
  if (typeof path !== 'string') return false;
  const rel = relative(dataDir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** What an I/O failure with no telling code was: a full disk, a read-only data dir, or neither. */
function probe(dataDir: string): GatehouseError | null {
  if (isNearlyFull(dataDir)) return diskFull(dataDir);
  const why = notWritable(dataDir);
  return why ? readOnly(dataDir, why) : null;
}

/**
 * The resource failure behind `e`, as an error that names the cause and the fix, or null
 * when `e` is none (a read-only database from a newer schema stays what it was).
 */
export function resourceFailure(e: unknown, dataDir: string): GatehouseError | null {
  if (e instanceof SqlError && e.kind === 'timeout' && /statement timeout/.test(e.message)) return cancelledAtTimeout(e);
  const code = codeOf(e);
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return diskFull(dataDir);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return busy(dataDir);
  if (code === 'EROFS' && inside(dataDir, (e as { path?: unknown }).path)) return readOnly(dataDir, 'read-only file system');
  if ((code === 'EACCES' || code === 'EPERM') && inside(dataDir, (e as { path?: unknown }).path)) return readOnly(dataDir, 'permission denied');
  if (code.startsWith('SQLITE_READONLY')) {
    const why = notWritable(dataDir);
    return why ? readOnly(dataDir, why) : null;
  }
  if (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN') return probe(dataDir);
  return null;
}

/** `e` as a resource failure when it is one; otherwise `e` itself. */
export function explainFailure(e: unknown, dataDir: string): unknown {
  return resourceFailure(e, dataDir) ?? e;
}
