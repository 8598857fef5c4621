// Readiness probes of the SQLite store: the data dir's database is still the file this
// process opened and can still be read and written, and it answers a query. The open
// connection alone would not tell: it keeps working on a file that was since made
// unreadable, replaced or removed, while every guard and CLI process would fail. (A
// second connection in this process would not tell either: SQLite reuses the file
// descriptors it already holds for the same file.) And the schema is the one this build knows.
// On PostgreSQL: the database answers (the statement reconnects after a drop), and the schema.
import { accessSync, constants, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Core } from '.';
import type { Sql } from './db/sql';
import { toSql, type Store } from './db/store';
import { migrations } from './db/migrations';
import { failed, OK, type ProbeResult, type ReadinessProbe } from './health';
import { DB_FILE } from './paths';

export function sqliteDatabaseProbe(file: string, store: Store): ReadinessProbe {
  const db = toSql(store);
  const opened = inodeOf(file);
  return {
    name: 'database',
    check(): ProbeResult {
      try {
        accessSync(file, constants.R_OK | constants.W_OK);
        if (inodeOf(file) !== opened) return failed('the database file was replaced or removed since Gatehouse opened it: restart it');
        db.get(ANSWERS_SQL);
        return OK;
      } catch (e) {
        return failed(`the database cannot be read and written: ${(e as Error).message}`);
      }
    },
  };
}

const ANSWERS_SQL = 'SELECT id FROM schema_migrations LIMIT 1';

/** PostgreSQL answers a query on the schema table (a dropped connection is opened again by the statement). */
export function postgresDatabaseProbe(sql: Sql): ReadinessProbe {
  return {
    name: 'database',
    check(): ProbeResult {
      try {
        sql.get(ANSWERS_SQL);
        return OK;
      } catch (e) {
        return failed(`the database does not answer: ${(e as Error).message}`);
      }
    },
  };
}

function inodeOf(file: string): number | null {
  try {
    return statSync(file).ino;
  } catch {
    return null;
  }
}

/** The schema this process migrated to is still the newest applied (no newer build migrated it since); either engine. */
export function schemaProbe(core: Pick<Core, 'sql' | 'status'>, latest = latestMigration()): ReadinessProbe {
  return {
    name: 'schema',
    check(): ProbeResult {
      const status = core.status();
      if (status.readOnly) return failed(status.readOnlyReason ?? 'the database is open read-only');
      const version = core.sql.get<{ v: number | null }>('SELECT max(id) AS v FROM schema_migrations')?.v ?? 0;
      if (version === latest) return OK;
      return failed(
        version > latest
          ? `the schema is ${version}, newer than this build knows (${latest}): update Gatehouse`
          : `the schema is ${version}, older than this build needs (${latest}): run gatehouse migrate`,
      );
    },
  };
}

/** The name the SQLite-only version had. */
export const sqliteSchemaProbe = schemaProbe;

export function latestMigration(): number {
  return Math.max(0, ...migrations.map((m) => m.id));
}

/** The store's probes: the data dir's SQLite file, or the team's PostgreSQL database. */
export function storeProbes(core: Pick<Core, 'dataDir' | 'sql' | 'status'>): ReadinessProbe[] {
  if (core.sql.dialect === 'postgres') return [postgresDatabaseProbe(core.sql), schemaProbe(core)];
  return [sqliteDatabaseProbe(join(core.dataDir, DB_FILE), core.sql), schemaProbe(core)];
}
