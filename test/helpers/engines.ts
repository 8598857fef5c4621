// Store tests run on both engines: `describe.each(ENGINES)`. GATEHOUSE_TEST_ENGINE
// (sqlite, postgres or both; default both) narrows the run to one engine.
import { afterAll, afterEach, beforeAll } from 'vitest';
import { openDatabase } from '../../src-main/core/db/connection';
import type { Sql } from '../../src-main/core/db/sql';
import { postgresSql, type PostgresOptions } from '../../src-main/core/db/sql-postgres';
import { sqliteSql } from '../../src-main/core/db/sql-sqlite';
import { tmpDir } from './core';
import { startPostgres, type PgServer } from './postgres';

export type Engine = 'sqlite' | 'postgres';

export function testEngines(value = process.env.GATEHOUSE_TEST_ENGINE): Engine[] {
  if (!value || value === 'both') return ['sqlite', 'postgres'];
  if (value === 'sqlite' || value === 'postgres') return [value];
  throw new Error(`GATEHOUSE_TEST_ENGINE=${value}: use sqlite, postgres or both`);
}

export const ENGINES = testEngines();

export interface TestStore {
  sql: Sql;
  /** PostgreSQL: the database's URL; SQLite: null. */
  url: string | null;
  /** SQLite: the data dir; PostgreSQL: null. */
  dir: string | null;
}

/**
 * Call once at the top of a test file. A PostgreSQL server of the file's own starts
 * before its tests (when the run includes PostgreSQL) and stops after them; `open`
 * gives a store on a fresh SQLite file or a fresh database, closed after each test.
 */
export function freshStores(): {
  open(engine: Engine, opts?: PostgresOptions): Promise<TestStore>;
  /** Another connection to a test's database (a second replica, say), closed after the test. */
  reopen(store: TestStore, opts?: PostgresOptions): Sql;
  server(): PgServer;
  later(cleanup: () => void): void;
} {
  let pg: PgServer | null = null;
  const cleanups: (() => void)[] = [];
  if (ENGINES.includes('postgres')) {
    beforeAll(async () => {
      pg = await startPostgres();
    });
    afterAll(() => pg?.stop());
  }
  afterEach(() => {
    while (cleanups.length) cleanups.pop()!();
  });
  const server = () => {
    if (!pg) throw new Error('no PostgreSQL server in this run (GATEHOUSE_TEST_ENGINE=sqlite)');
    return pg;
  };
  const reopen = (store: TestStore, opts?: PostgresOptions): Sql => {
    const sql = store.url ? postgresSql(store.url, opts) : sqliteSql(openDatabase(store.dir!));
    cleanups.push(() => sql.close());
    return sql;
  };
  return {
    async open(engine, opts) {
      if (engine === 'postgres') {
        const url = await server().createDatabase();
        const store = { sql: postgresSql(url, opts), url, dir: null };
        cleanups.push(() => store.sql.close());
        return store;
      }
      const t = tmpDir();
      const store = { sql: sqliteSql(openDatabase(t.dir)), url: null, dir: t.dir };
      cleanups.push(() => {
        store.sql.close();
        t.cleanup();
      });
      return store;
    },
    reopen,
    server,
    later: (cleanup) => void cleanups.push(cleanup),
  };
}
