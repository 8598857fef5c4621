import { createHash } from 'node:crypto';
import type { Database } from './connection';
import { GatehouseError } from '../errors';

export interface Migration {
  id: number;
  name: string;
  sql: string;
  /**
   * The migration deletes secrets: once it is applied, the WAL is checkpointed and
   * truncated so no copy of the deleted rows stays on disk (secure_delete zeroes the
   * pages themselves; see connection.ts).
   */
  scrub?: boolean;
}

export interface SchemaState {
  version: number;
  readOnly: boolean;
  readOnlyReason: string | null;
}

export function migrationHash(m: Migration): string {
  return createHash('sha256').update(m.sql).digest('hex');
}

interface AppliedRow {
  id: number;
  name: string;
  hash: string;
}

/**
 * Applies pending migrations in one IMMEDIATE transaction, so that several processes
 * opening a new data dir at once apply each migration exactly once. An applied
 * migration whose text changed is an error; a schema newer than this build makes the
 * connection read-only (query_only) and says why.
 */
export function migrate(db: Database, migrations: readonly Migration[]): SchemaState {
  const known = [...migrations].sort((a, b) => a.id - b.id);
  const latest = known.at(-1)?.id ?? 0;

  const hasTable = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
    .get();
  const readApplied = (): AppliedRow[] =>
    db.prepare('SELECT id, name, hash FROM schema_migrations ORDER BY id').all() as AppliedRow[];

  const check = (applied: AppliedRow[]): SchemaState | null => {
    const newest = applied.at(-1)?.id ?? 0;
    const unknown = applied.filter((row) => !known.some((k) => k.id === row.id));
    for (const row of applied) {
      const m = known.find((k) => k.id === row.id);
      if (m && migrationHash(m) !== row.hash) {
        throw new GatehouseError(
          'MIGRATION_EDITED',
          `migration ${row.id}-${row.name} was changed after it was applied to this database; ` +
            'restore the original migration file (applied migrations are never edited: add a new one)',
        );
      }
    }
    if (unknown.length > 0) {
      db.pragma('query_only = ON');
      return {
        version: newest,
        readOnly: true,
        readOnlyReason:
          `this data dir was written by a newer Gatehouse (schema ${newest}, this build knows up to ${latest}); ` +
          'it is open read-only: update Gatehouse to change anything',
      };
    }
    const pending = known.some((k) => !applied.some((row) => row.id === k.id));
    return pending ? null : { version: latest, readOnly: false, readOnlyReason: null };
  };

  if (hasTable) {
    const settled = check(readApplied());
    if (settled) return settled;
  }

  let scrub = false;
  const state = db
    .transaction((): SchemaState => {
      db.exec(
        'CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, hash TEXT NOT NULL, applied_at INTEGER NOT NULL)',
      );
      // Another process may have migrated while we waited for the lock: look again.
      const applied = readApplied();
      const settled = check(applied);
      if (settled) return settled;
      const done = new Set(applied.map((row) => row.id));
      const insert = db.prepare('INSERT INTO schema_migrations (id, name, hash, applied_at) VALUES (?, ?, ?, ?)');
      for (const m of known) {
        if (done.has(m.id)) continue;
        db.exec(m.sql);
        insert.run(m.id, m.name, migrationHash(m), Date.now());
        scrub ||= m.scrub === true;
      }
      return { version: latest, readOnly: false, readOnlyReason: null };
    })
    .immediate();
  // Best effort: a reader in another process can keep the WAL from being truncated now;
  // its frames are then overwritten as the WAL is reused.
  if (scrub) db.pragma('wal_checkpoint(TRUNCATE)');
  return state;
}
