// The desktop's migrations: the runner of schema.ts over this connection, except that a
// schema from a newer Gatehouse opens read-only (query_only) and says why, where team
// mode refuses to start.
import type { Database } from './connection';
import { GatehouseError } from '../errors';
import { applyMigrations, schemaStatus, type Migration, type SchemaStatus } from './schema';
import { sqliteSql } from './sql-sqlite';

export { migrationHash, type Migration } from './schema';

export interface SchemaState {
  version: number;
  readOnly: boolean;
  readOnlyReason: string | null;
}

function readOnly(db: Database, s: SchemaStatus): SchemaState {
  db.pragma('query_only = ON');
  return {
    version: s.current,
    readOnly: true,
    readOnlyReason:
      `this data dir was written by a newer Gatehouse (schema ${s.current}, this build knows up to ${s.latest}); ` +
      'it is open read-only: update Gatehouse to change anything',
  };
}

/**
 * Applies pending migrations in one IMMEDIATE transaction, so that several processes
 * opening a new data dir at once apply each migration exactly once. An applied
 * migration whose text changed is an error (MIGRATION_EDITED); a schema newer than this
 * build makes the connection read-only.
 */
export function migrate(db: Database, migrations: readonly Migration[]): SchemaState {
  // Not closed here: closing it would close the caller's connection.
  const sql = sqliteSql(db);
  const before = schemaStatus(sql, migrations);
  if (before.ahead.length > 0) return readOnly(db, before);
  if (before.pending.length > 0) {
    try {
      applyMigrations(sql, migrations);
    } catch (e) {
      // Another process, a newer Gatehouse, migrated while we waited for the lock.
      if (!(e instanceof GatehouseError && e.code === 'SCHEMA_TOO_NEW')) throw e;
      return readOnly(db, schemaStatus(sql, migrations));
    }
  }
  return { version: before.latest, readOnly: false, readOnlyReason: null };
}
