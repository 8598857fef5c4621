// Readiness probes of the store, chosen here for both engines (storeProbes).
//
// SQLite: the data dir's database is still the file this process opened and can still be
// read and written, and it answers a query. The open connection alone would not tell: it
// keeps working on a file that was since made unreadable, replaced or removed, while every
// guard and CLI process would fail. (A second connection in this process would not tell
// either: SQLite reuses the file descriptors it already holds for the same file.)
//
// PostgreSQL (team mode): without blocking the thread that relays MCP traffic. The store's
// statements wait synchronously, and one sent while the database is down waits for the
// connect timeout. The change feed's connection (db/change-feed.ts) reconnects on its own,
// asynchronously, so whether it is listening is the database's reachability at no cost;
// only then is the schema read (one small query). A replica without a change feed
// (--database-pool-size 1) asks the store's own connection instead: while the database is
// unreachable, that query may hold the thread up to the connect timeout (10 s), as any
// call it relays then would.
//
// Both: the schema is the one this build knows.
import { accessSync, constants, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Core } from '.';
import type { ChangeFeed } from './db/change-feed';
import { toSql, type Store } from './db/store';
import { migrations } from './db/migrations';
import { postgresMigrations } from './db/migrations/postgres';
import { failed, OK, type ProbeResult, type ReadinessProbe } from './health';
import { DB_FILE } from './paths';

/** The store's probes: the data dir's SQLite file, or the team's PostgreSQL database seen through its change feed. */
export function storeProbes(core: Pick<Core, 'dataDir' | 'sql' | 'status' | 'changeFeed'>): ReadinessProbe[] {
  if (core.sql.dialect !== 'postgres') return [sqliteDatabaseProbe(join(core.dataDir, DB_FILE), core.sql), schemaProbe(core)];
  if (!core.changeFeed) return feedlessPostgresProbes(core);
  return postgresProbes(core, core.changeFeed);
}

export function sqliteDatabaseProbe(file: string, store: Store): ReadinessProbe {
  const db = toSql(store);
  const opened = inodeOf(file);
  return {
    name: 'database',
    check(): ProbeResult {
      try {
        accessSync(file, constants.R_OK | constants.W_OK);
        if (inodeOf(file) !== opened) return failed('the database file was replaced or removed since Gatehouse opened it: restart it');
        db.get('SELECT id FROM schema_migrations LIMIT 1');
        return OK;
      } catch (e) {
        return failed(`the database cannot be read and written: ${(e as Error).message}`);
      }
    },
  };
}

function postgresProbes(core: Pick<Core, 'sql' | 'status'>, feed: Pick<ChangeFeed, 'listening'>): ReadinessProbe[] {
  const latest = latestOf(postgresMigrations);
  const unreachable = 'the database cannot be reached (the change feed is reconnecting)';
  return [
    { name: 'database', check: (): ProbeResult => (feed.listening ? OK : failed(unreachable)) },
    { name: 'schema', check: (): ProbeResult => (feed.listening ? schemaCheck(core, latest) : failed(unreachable)) },
  ];
}

/** --database-pool-size 1: no change feed, so the store's connection is asked. */
function feedlessPostgresProbes(core: Pick<Core, 'sql' | 'status'>): ReadinessProbe[] {
  const latest = latestOf(postgresMigrations);
  const reached = (): ProbeResult => {
    try {
      core.sql.get('SELECT 1 AS one');
      return OK;
    } catch (e) {
      return failed(`the database cannot be reached: ${(e as Error).message}`);
    }
  };
  return [
    { name: 'database', check: reached },
    {
      name: 'schema',
      check: (): ProbeResult => {
        const r = reached();
        return r.ok ? schemaCheck(core, latest) : r;
      },
    },
  ];
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
  return { name: 'schema', check: () => schemaCheck(core, latest) };
}

function schemaCheck(core: Pick<Core, 'sql' | 'status'>, latest: number): ProbeResult {
  const status = core.status();
  if (status.readOnly) return failed(status.readOnlyReason ?? 'the database is open read-only');
  let version: number;
  try {
    version = core.sql.get<{ v: number | null }>('SELECT max(id) AS v FROM schema_migrations')?.v ?? 0;
  } catch (e) {
    return failed(`the database cannot be read: ${(e as Error).message}`);
  }
  if (version === latest) return OK;
  return failed(
    version > latest
      ? `the schema is ${version}, newer than this build knows (${latest}): update Gatehouse`
      : `the schema is ${version}, older than this build needs (${latest}): run gatehouse migrate`,
  );
}

export function latestMigration(): number {
  return latestOf(migrations);
}

const latestOf = (list: readonly { id: number }[]) => Math.max(0, ...list.map((m) => m.id));
