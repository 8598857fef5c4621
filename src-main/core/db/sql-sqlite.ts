// The SQLite engine of the store interface: better-sqlite3, synchronous, statements
// prepared once per connection (connection.ts's stmt cache).
import type BetterSqlite3 from 'better-sqlite3';
import { stmt, type Database } from './connection';
import { SqlError, sqlErrorKind, type Params, type RunResult, type Sql } from './sql';
import { createSql, type Driver, type QueryMode } from './sql-engine';
import type { Translated } from './sql-translate';

const NONE: readonly unknown[] = [];

function args(t: Translated, params: Params | undefined): readonly unknown[] {
  if (t.style === 'none') return NONE;
  // Bound already (boundParams), and only read: no copy.
  if (t.style === 'positional') return params as readonly unknown[];
  const named: Record<string, unknown> = {};
  for (const n of t.names) named[n] = (params as Record<string, unknown>)[n];
  return [named];
}

function query(db: Database, t: Translated, params: Params | undefined, mode: QueryMode): RunResult {
  const s: BetterSqlite3.Statement = stmt(db, t.text);
  const a = args(t, params);
  if (mode === 'get') {
    const row = s.reader ? s.get(...a) : (s.run(...a), undefined);
    return { changes: 0, rows: row === undefined ? [] : [row as Record<string, unknown>] };
  }
  if (s.reader) {
    const rows = s.all(...a) as Record<string, unknown>[];
    // A reader here is a SELECT or a statement with RETURNING: one row per changed row.
    return { changes: mode === 'run' && !/^\s*(SELECT|VALUES|PRAGMA)\b/i.test(t.text) ? rows.length : 0, rows };
  }
  return { changes: s.run(...a).changes, rows: [] };
}

function wrap(e: unknown): unknown {
  if (e instanceof SqlError) return e;
  const code = (e as { code?: unknown })?.code;
  if (e instanceof Error && typeof code === 'string' && code.startsWith('SQLITE_')) {
    return new SqlError(e.message, sqlErrorKind('sqlite', code), code, { cause: e });
  }
  return e;
}

/**
 * The store interface over a better-sqlite3 connection (opened by openDatabase, WAL and
 * foreign keys on). close() closes the connection.
 */
export function sqliteSql(db: Database): Sql {
  const driver: Driver = {
    dialect: 'sqlite',
    query: (t, params, mode) => query(db, t, params, mode),
    exec: (text) => void db.exec(text),
    begin: () => void stmt(db, 'BEGIN IMMEDIATE').run(),
    commit: () => void stmt(db, 'COMMIT').run(),
    rollback: () => {
      if (db.inTransaction) stmt(db, 'ROLLBACK').run();
    },
    // Asked only while no transaction of ours is open: one under way was opened by other code (writeTx).
    foreignTransaction: () => db.inTransaction,
    wrap,
    close: () => db.close(),
  };
  return createSql(driver);
}
