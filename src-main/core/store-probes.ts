// Readiness probes of the SQLite store: the data dir's database can be opened and read
// now (not only through the connection this process opened at start, which keeps
// working on a file that was since made unreadable, replaced or removed, while every
// guard and CLI process would fail), and its schema is the one this build knows.
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Core } from '.';
import { migrations } from './db/migrations';
import { failed, OK, type ProbeResult, type ReadinessProbe } from './health';
import { DB_FILE } from './paths';

/** Opens the file read-only, as a new process would, reads one row and closes it. */
export function sqliteDatabaseProbe(file: string, nativeBinding?: string): ReadinessProbe {
  return {
    name: 'database',
    check(): ProbeResult {
      let db: BetterSqlite3.Database | undefined;
      try {
        db = new BetterSqlite3(file, { readonly: true, fileMustExist: true, timeout: 1000, ...(nativeBinding ? { nativeBinding } : {}) });
        db.prepare('SELECT id FROM schema_migrations LIMIT 1').get();
        return OK;
      } catch (e) {
        return failed(`the database cannot be read: ${(e as Error).message}`);
      } finally {
        db?.close();
      }
    },
  };
}

/** The schema this process migrated to is still the newest applied (no newer build migrated it since). */
export function sqliteSchemaProbe(core: Pick<Core, 'db' | 'status'>, latest = latestMigration()): ReadinessProbe {
  return {
    name: 'schema',
    check(): ProbeResult {
      const status = core.status();
      if (status.readOnly) return failed(status.readOnlyReason ?? 'the database is open read-only');
      const row = core.db.prepare('SELECT max(id) AS v FROM schema_migrations').get() as { v: number | null };
      const version = row.v ?? 0;
      if (version === latest) return OK;
      return failed(
        version > latest
          ? `the schema is ${version}, newer than this build knows (${latest}): update Gatehouse`
          : `the schema is ${version}, older than this build needs (${latest}): run gatehouse migrate`,
      );
    },
  };
}

export function latestMigration(): number {
  return Math.max(0, ...migrations.map((m) => m.id));
}

/** The store's probes for a core on the data dir's SQLite file. */
export function storeProbes(core: Core, nativeBinding?: string): ReadinessProbe[] {
  return [sqliteDatabaseProbe(join(core.dataDir, DB_FILE), nativeBinding), sqliteSchemaProbe(core)];
}
