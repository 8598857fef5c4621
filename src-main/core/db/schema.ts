// The migration runner over the store interface, for either engine: numbered
// migrations, each recorded with the SHA-256 of its text, applied in one transaction.
// On PostgreSQL a session advisory lock makes replicas that start at once queue, so
// each migration is applied once; SQLite's BEGIN IMMEDIATE does the same there.
// Team mode never runs on a schema other than the one it was built for: `serve`
// checks (checkSchema), `gatehouse migrate` applies (applyMigrations).
import { GatehouseError } from '../errors';
import { migrationHash, type Migration } from './migrate';
import type { Sql } from './sql';

export interface MigrationReport {
  /** The schema version now (the newest migration this build knows). */
  version: number;
  /** What this call applied, in order (empty when the schema was current). */
  applied: { id: number; name: string }[];
}

interface AppliedRow {
  id: number;
  name: string;
  hash: string;
}

interface Status {
  current: number;
  latest: number;
  pending: Migration[];
  ahead: AppliedRow[];
}

/** pg_advisory_lock's key: any constant of Gatehouse's own ("gatehous" in ASCII, as a bigint). */
export const MIGRATION_LOCK_KEY = '7449363237540164979';

const CREATE_TABLE = {
  sqlite: 'CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, hash TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  postgres: 'CREATE TABLE IF NOT EXISTS schema_migrations (id BIGINT PRIMARY KEY, name TEXT NOT NULL, hash TEXT NOT NULL, applied_at BIGINT NOT NULL)',
};

const HAS_TABLE = {
  sqlite: "SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
  postgres: "SELECT 1 AS found FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_migrations'",
};

const sorted = (list: readonly Migration[]) => [...list].sort((a, b) => a.id - b.id);

function readApplied(sql: Sql): AppliedRow[] {
  if (!sql.get(HAS_TABLE[sql.dialect])) return [];
  return sql.all<AppliedRow>('SELECT id, name, hash FROM schema_migrations ORDER BY id');
}

function status(sql: Sql, list: readonly Migration[]): Status {
  const known = sorted(list);
  const applied = readApplied(sql);
  for (const row of applied) {
    const m = known.find((k) => k.id === row.id);
    if (m && migrationHash(m) !== row.hash) {
      throw new GatehouseError(
        'MIGRATION_EDITED',
        `migration ${row.id}-${row.name} was changed after it was applied to this database; ` +
          'restore the original migration (applied migrations are never edited: add a new one)',
      );
    }
  }
  const done = new Set(applied.map((r) => r.id));
  return {
    current: applied.at(-1)?.id ?? 0,
    latest: known.at(-1)?.id ?? 0,
    pending: known.filter((m) => !done.has(m.id)),
    ahead: applied.filter((r) => !known.some((k) => k.id === r.id)),
  };
}

function tooNew(s: Status): GatehouseError {
  return new GatehouseError(
    'SCHEMA_TOO_NEW',
    `the database was migrated by a newer Gatehouse (schema ${s.current}; this build knows up to ${s.latest}, ` +
      `and not ${s.ahead.map((r) => `${r.id}-${r.name}`).join(', ')}): run the newer Gatehouse, or update this one`,
  );
}

/**
 * The schema version, when it is exactly the one this build knows. Otherwise an error
 * that names the fix: SCHEMA_TOO_OLD (run `gatehouse migrate`), SCHEMA_TOO_NEW, or
 * MIGRATION_EDITED.
 */
export function checkSchema(sql: Sql, list: readonly Migration[]): number {
  const s = status(sql, list);
  if (s.ahead.length > 0) throw tooNew(s);
  if (s.pending.length > 0) {
    const first = s.pending[0]!;
    throw new GatehouseError(
      'SCHEMA_TOO_OLD',
      s.current === 0 && s.pending.length === list.length
        ? 'the database has no Gatehouse schema yet: run `gatehouse migrate --database-url URL` first'
        : `the database's schema is older than this Gatehouse (it lacks ${first.id}-${first.name}` +
            `${s.pending.length > 1 ? ` and ${s.pending.length - 1} more` : ''}; this build needs ${s.latest}): ` +
            'run `gatehouse migrate --database-url URL`, then start again',
    );
  }
  return s.latest;
}

function applyPending(sql: Sql, list: readonly Migration[]): MigrationReport {
  return sql.tx(() => {
    sql.exec(CREATE_TABLE[sql.dialect]);
    // Read under the lock: another process may have migrated while we waited for it.
    const s = status(sql, list);
    if (s.ahead.length > 0) throw tooNew(s);
    for (const m of s.pending) {
      sql.exec(m.sql);
      sql.run('INSERT INTO schema_migrations (id, name, hash, applied_at) VALUES (?, ?, ?, ?)', [m.id, m.name, migrationHash(m), Date.now()]);
    }
    return { version: s.latest, applied: s.pending.map(({ id, name }) => ({ id, name })) };
  });
}

/** Applies the pending migrations, all in one transaction; refuses a schema from a newer build. */
export function applyMigrations(sql: Sql, list: readonly Migration[]): MigrationReport {
  if (sql.dialect === 'sqlite') return applyPending(sql, list);
  // A session lock, taken before the transaction: the transaction's snapshot then starts
  // after the lock was granted, so it sees what the replica before us committed.
  sql.get('SELECT pg_advisory_lock(CAST(? AS BIGINT)) AS locked', [MIGRATION_LOCK_KEY]);
  try {
    return applyPending(sql, list);
  } finally {
    sql.get('SELECT pg_advisory_unlock(CAST(? AS BIGINT)) AS unlocked', [MIGRATION_LOCK_KEY]);
  }
}
