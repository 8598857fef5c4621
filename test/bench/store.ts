// The store interface's cost per statement on each engine, in one run on one machine:
// SQLite (better-sqlite3, in process), PostgreSQL through the synchronous bridge (a
// worker thread, Atomics.wait), and the same statements sent straight with async `pg`
// on its own connection: the bridge's overhead is the difference. PostgreSQL runs on
// loopback here (a server of the bench's own), so network latency is at its floor.
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { openDatabase } from '../../src-main/core/db/connection';
import type { Sql } from '../../src-main/core/db/sql';
import { postgresSql } from '../../src-main/core/db/sql-postgres';
import { sqliteSql } from '../../src-main/core/db/sql-sqlite';
import { tmpDir } from '../helpers/core';
import { startPostgres } from '../helpers/postgres';
import { figure, median, type Bench } from './figures';

const ROWS = 1000;
const SETUP = `CREATE TABLE kv (id TEXT PRIMARY KEY, value TEXT NOT NULL, n INTEGER NOT NULL);
CREATE TABLE bucket (id TEXT PRIMARY KEY, tokens REAL NOT NULL, updated_at INTEGER NOT NULL);`;
const GET = 'SELECT value, n FROM kv WHERE id = ?';
const UPDATE = 'UPDATE kv SET n = n + 1 WHERE id = ?';
// The rate limiter's shape: one atomic upsert that returns the new level.
const TAKE = `INSERT INTO bucket (id, tokens, updated_at) VALUES (?, 99, ?)
  ON CONFLICT (id) DO UPDATE SET tokens = LEAST(100, bucket.tokens + 1) - 1, updated_at = excluded.updated_at RETURNING tokens`;

/**
 * The median microseconds of one call of each contender. The calls run in interleaved
 * rounds (A, B, C, A, B, C, …) so that the load of a shared machine falls on all of them
 * alike, and each call is timed on its own: the median call is what a statement costs
 * when the machine is not busy elsewhere (a round's mean follows the other processes' load).
 */
async function interleaved(rounds: number, n: number, contenders: Record<string, (i: number) => unknown>): Promise<Record<string, number>> {
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  for (let r = 0; r < rounds; r++) {
    for (const [name, call] of Object.entries(contenders)) {
      for (let i = 0; i < n; i++) {
        const start = process.hrtime.bigint();
        const p = call(r * n + i);
        if (p instanceof Promise) await p;
        times[name]!.push(Number(process.hrtime.bigint() - start) / 1e3);
      }
    }
  }
  return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
}

function fill(sql: Sql): void {
  sql.exec(sql.dialect === 'postgres' ? SETUP.replace(/INTEGER/g, 'BIGINT').replace(/REAL/g, 'DOUBLE PRECISION') : SETUP);
  sql.tx(() => {
    for (let i = 0; i < ROWS; i++) sql.run('INSERT INTO kv (id, value, n) VALUES (?, ?, ?)', [`k${i}`, `value ${i}`, i]);
  });
}

/** Each statement on SQLite, on PostgreSQL through the bridge, and straight with async pg (named: prepared once, as the worker does). */
async function statementFigures(lite: Sql, pgSql: Sql, client: pg.Client, n: number) {
  const key = (i: number) => `k${i % ROWS}`;
  const get = await interleaved(20, n, {
    sqlite: (i) => lite.get(GET, [key(i)]),
    postgres: (i) => pgSql.get(GET, [key(i)]),
    async: (i) => client.query({ name: 'get', text: 'SELECT value, n FROM kv WHERE id = $1', values: [key(i)] }),
  });
  const tx = await interleaved(20, n / 2, {
    sqlite: (i) => lite.tx(() => lite.run(UPDATE, [key(i)])),
    postgres: (i) => pgSql.tx(() => pgSql.run(UPDATE, [key(i)])),
    async: async (i) => {
      await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
      await client.query({ name: 'upd', text: 'UPDATE kv SET n = n + 1 WHERE id = $1', values: [key(i)] });
      await client.query('COMMIT');
    },
  });
  const take = await interleaved(20, n / 2, {
    sqlite: (i) => lite.run(TAKE, [`b${i % 10}`, i]),
    postgres: (i) => pgSql.run(TAKE, [`b${i % 10}`, i]),
  });
  return { get, tx, take };
}

/** Median wall time of a CLI run, ms. */
function cliMs(args: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['bin/gatehouse', ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`gatehouse ${args[0]} failed: ${r.stderr}`);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}

export const storeEngines: Bench = async () => {
  const server = await startPostgres();
  const t = tmpDir('gatehouse-bench-');
  const lite = sqliteSql(openDatabase(t.dir));
  try {
    const url = await server.createDatabase();
    const pgSql = postgresSql(url);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    fill(lite);
    fill(pgSql);
    const { get, tx, take } = await statementFigures(lite, pgSql, client, 200);
    await client.end();
    pgSql.close();
    // A CLI command's start-up in team mode: worker thread, connection, schema read (the schema is current).
    const migrated = await server.createDatabase();
    cliMs(['migrate', '--database-url', migrated]);
    const migrateMs = cliMs(['migrate', '--database-url', migrated]);
    const versionMs = cliMs(['--version']);
    return {
      store_get_us_sqlite: figure(get.sqlite!, 'us', 50, 'lower'),
      store_get_us_postgres: figure(get.postgres!, 'us', 500, 'lower'),
      store_get_us_pg_async: figure(get.async!, 'us', 500, 'lower'),
      store_bridge_added_us: figure(get.postgres! - get.async!, 'us', 100, 'lower'),
      store_tx_us_sqlite: figure(tx.sqlite!, 'us', 500, 'lower'),
      store_tx_us_postgres: figure(tx.postgres!, 'us', 2000, 'lower'),
      store_tx_us_pg_async: figure(tx.async!, 'us', 2000, 'lower'),
      store_take_us_sqlite: figure(take.sqlite!, 'us', 200, 'lower'),
      store_take_us_postgres: figure(take.postgres!, 'us', 1000, 'lower'),
      cli_migrate_current_ms: figure(migrateMs, 'ms', 1000, 'lower'),
      cli_version_ms: figure(versionMs, 'ms', 500, 'lower'),
    };
  } finally {
    lite.close();
    t.cleanup();
    server.stop();
  }
};
