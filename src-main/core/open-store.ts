// The store a core opens: SQLite in the data dir (the desktop's, and the default), or
// team mode's PostgreSQL (`--database-url`). SQLite migrates itself when it opens;
// PostgreSQL is migrated by `gatehouse migrate` only, and a schema older or newer than
// this build is refused with the fix. On PostgreSQL a change feed (db/change-feed.ts)
// tells this process's caches what other replicas changed.
import { mkdirSync } from 'node:fs';
import { attachChangeFeed } from './db/changes';
import { startChangeFeed, type ChangeFeed } from './db/change-feed';
import { openDatabase, type Database } from './db/connection';
import { parseDatabaseUrl, redactDatabaseUrl } from './db/database-url';
import { migrate, type SchemaState } from './db/migrate';
import { migrations } from './db/migrations';
import { postgresMigrations } from './db/migrations/postgres';
import { checkSchema } from './db/schema';
import type { Sql } from './db/sql';
import { FEED_FROM_POOL_SIZE, poolSizeOf } from './db/team-connections';
import { postgresSql } from './db/sql-postgres';
import { toSql } from './db/store';
import { GatehouseError } from './errors';
import type { Logger } from './log';

export interface StoreOptions {
  dataDir: string;
  databaseUrl?: string | null;
  nativeBinding?: string;
  cacheKiB?: number;
  /** PostgreSQL's statement_timeout in ms (default 30 s; --database-statement-timeout). */
  statementTimeoutMs?: number;
  /** PostgreSQL: start the change feed (a LISTEN connection); without it caches go by the 1 s tick. */
  changeFeed?: boolean;
  /**
   * PostgreSQL: the most connections this process opens (--database-pool-size, 1 to 3,
   * default 3; db/team-connections.ts says what each opens): below 2 there is no change feed.
   */
  databasePoolSize?: number;
}

export interface OpenedStore {
  readonly sql: Sql;
  /** The SQLite connection; null in team mode. */
  readonly db: Database | null;
  readonly schema: SchemaState;
  /** Team mode's change feed; null on SQLite. */
  readonly feed: ChangeFeed | null;
  /** Where the store is, for messages: the data dir, or the redacted database URL. */
  readonly where: string;
  close(): void;
}

export function openStore(opts: StoreOptions, log: Logger): OpenedStore {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts, log) : openSqlite(opts);
}

function openSqlite(opts: StoreOptions): OpenedStore {
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const db = openDatabase(opts.dataDir, { nativeBinding: opts.nativeBinding, cacheKiB: opts.cacheKiB });
  try {
    const schema = migrate(db, migrations);
    return { sql: toSql(db), db, schema, feed: null, where: opts.dataDir, close: () => db.close() };
  } catch (e) {
    db.close();
    throw e;
  }
}

function openPostgres(raw: string, opts: StoreOptions, log: Logger): OpenedStore {
  const url = parseDatabaseUrl(raw);
  const sql = postgresSql(url, { statementTimeoutMs: opts.statementTimeoutMs });
  let version: number;
  try {
    // Never migrated here: replicas of two versions must not race to change the schema.
    version = checkSchema(sql, postgresMigrations);
  } catch (e) {
    sql.close();
    throw e;
  }
  const feed = opts.changeFeed && poolSizeOf(opts) >= FEED_FROM_POOL_SIZE ? startChangeFeed(url, log) : null;
  if (feed) attachChangeFeed(sql, feed);
  return {
    sql,
    db: null,
    schema: { version, readOnly: false, readOnlyReason: null },
    feed,
    where: redactDatabaseUrl(url),
    close: () => {
      void feed?.close();
      sql.close();
    },
  };
}

/**
 * The SQLite connection, for a part that still needs it; in team mode, an error that
 * says that part does not run on PostgreSQL yet.
 */
export function sqliteOnly(store: Pick<OpenedStore, 'db'>, what: string): Database {
  if (store.db) return store.db;
  throw new GatehouseError(
    'TEAM_MODE_UNSUPPORTED',
    `${what} is not available in team mode yet (it still needs the SQLite store); run without --database-url to use it`,
  );
}

