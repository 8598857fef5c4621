// The repositories' view of the store: the engine-neutral Sql interface (sql.ts). A
// repository converted to it takes a Sql; callers that still hold the SQLite handle
// (older code, tests) pass the better-sqlite3 connection and get the one Sql wrapper
// of that connection, so a transaction opened through either is joined by the other.
import type { Database } from './connection';
import type { Sql } from './sql';
import { sqliteSql } from './sql-sqlite';

export type Store = Sql | Database;

const wrappers = new WeakMap<Database, Sql>();
const handles = new WeakMap<Sql, Database>();

const isSql = (s: Store): s is Sql => 'dialect' in s && typeof (s as Sql).tx === 'function';

/** The store interface over s: s itself, or the one wrapper of a SQLite connection (never closed by it). */
export function toSql(s: Store): Sql {
  if (isSql(s)) return s;
  let sql = wrappers.get(s);
  if (!sql) {
    wrappers.set(s, (sql = sqliteSql(s)));
    handles.set(sql, s);
  }
  return sql;
}

/**
 * The SQLite connection under a store, for what only SQLite has (its busy timeout, its
 * pragmas); null on PostgreSQL.
 */
export function sqliteHandle(s: Store): Database | null {
  if (!isSql(s)) return s;
  return handles.get(s) ?? null;
}
