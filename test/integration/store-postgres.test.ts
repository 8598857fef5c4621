// What only the PostgreSQL engine has to get right: serialization conflicts re-run,
// a connection lost and found again, timeouts, and errors that name their fix. Against a
// real server of this file's own, stopped and started again in the middle.
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { GatehouseError } from '../../src-main/core/errors';
import { SqlError } from '../../src-main/core/db/sql';
import { postgresSql } from '../../src-main/core/db/sql-postgres';
import { ENGINES, freshStores } from '../helpers/engines';

const stores = freshStores();

const errorOf = (fn: () => unknown): SqlError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof SqlError) return e;
    throw e;
  }
  throw new Error('no error');
};

describe.runIf(ENGINES.includes('postgres'))('the PostgreSQL engine', () => {
  it('re-runs a transaction that lost a serialization conflict, so no update is lost', async () => {
    const store = await stores.open('postgres');
    const a = store.sql;
    const b = stores.reopen(store);
    a.exec('CREATE TABLE counter (id BIGINT PRIMARY KEY, n BIGINT NOT NULL); INSERT INTO counter VALUES (1, 0);');
    let runs = 0;
    a.tx(() => {
      runs++;
      const { n } = a.get<{ n: number }>('SELECT n FROM counter WHERE id = 1')!;
      // Another replica increments the same row and commits while this transaction is open.
      if (runs === 1) b.tx(() => b.run('UPDATE counter SET n = n + 1 WHERE id = 1'));
      a.run('UPDATE counter SET n = ? WHERE id = 1', [n + 1]);
    });
    expect(runs).toBe(2);
    expect(a.get('SELECT n FROM counter')).toEqual({ n: 2 });
  });

  it('gives each store its own connection, and a transaction stays on it', async () => {
    const store = await stores.open('postgres');
    const b = stores.reopen(store);
    const pid = (s: typeof b) => s.get<{ pid: number }>('SELECT pg_backend_pid() AS pid')!.pid;
    expect(pid(store.sql)).not.toBe(pid(b));
    store.sql.tx(() => {
      const first = pid(store.sql);
      for (let i = 0; i < 5; i++) expect(pid(store.sql)).toBe(first);
      expect(store.sql.get('SELECT current_setting(?) AS iso', ['transaction_isolation'])).toEqual({ iso: 'serializable' });
    });
  });

  it('reports a lost connection, then reconnects once the server is back', async () => {
    const { sql } = await stores.open('postgres');
    sql.exec('CREATE TABLE t (id BIGINT PRIMARY KEY)');
    sql.run('INSERT INTO t VALUES (1)');
    const server = stores.server();
    server.halt();
    try {
      expect(errorOf(() => sql.get('SELECT COUNT(*) AS c FROM t')).kind).toBe('unavailable');
      expect(errorOf(() => sql.tx(() => sql.run('INSERT INTO t VALUES (2)'))).kind).toBe('unavailable');
    } finally {
      server.start();
    }
    expect(sql.get('SELECT COUNT(*) AS c FROM t')).toEqual({ c: 1 });
    sql.tx(() => sql.run('INSERT INTO t VALUES (2)'));
    expect(sql.get('SELECT COUNT(*) AS c FROM t')).toEqual({ c: 2 });
  });

  it('refuses to open an unreachable database with an error that names the fix and hides the password', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
    });
    let err: unknown;
    try {
      postgresSql(`postgres://gate:s3cret-pw@127.0.0.1:${port}/gatehouse`, { connectTimeoutMs: 2000 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GatehouseError);
    expect((err as GatehouseError).code).toBe('DATABASE_UNAVAILABLE');
    expect((err as Error).message).toContain(`postgres://gate:***@127.0.0.1:${port}/gatehouse`);
    expect((err as Error).message).toMatch(/--database-url/);
    expect((err as Error).message).not.toContain('s3cret-pw');
  });

  it('cancels a statement that runs past the statement timeout', async () => {
    const store = await stores.open('postgres');
    const slow = stores.reopen(store, { statementTimeoutMs: 200 });
    const e = errorOf(() => slow.get('SELECT pg_sleep(5) AS slept'));
    expect(e.kind).toBe('timeout');
    expect(e.message).toContain('it ran longer than the statement timeout of 200 ms; raise --database-statement-timeout (GATEHOUSE_DATABASE_STATEMENT_TIMEOUT)');
    expect(slow.get('SELECT 1 AS one')).toEqual({ one: 1 });
  });

  it('names the fix when PostgreSQL cannot tell a placeholder’s type', async () => {
    const { sql } = await stores.open('postgres');
    expect(errorOf(() => sql.get('SELECT ? IS NULL AS missing', [null])).message).toMatch(/CAST\(\? AS type\)/);
    expect(sql.get('SELECT CAST(? AS TEXT) IS NULL AS missing', [null])).toEqual({ missing: true });
  });

  it('refuses what PostgreSQL cannot hold: NUL in text, integers past 2^53', async () => {
    const { sql } = await stores.open('postgres');
    sql.exec('CREATE TABLE t (s TEXT)');
    const nul = errorOf(() => sql.run('INSERT INTO t VALUES (?)', ['a\u0000b']));
    expect(nul.message).toMatch(/NUL character/);
    expect(errorOf(() => sql.get('SELECT CAST(? AS BIGINT) AS n', ['9007199254740993'])).message).toMatch(/beyond JavaScript's safe range/);
    expect(sql.get('SELECT CAST(? AS BIGINT) AS n', ['9007199254740991'])).toEqual({ n: Number.MAX_SAFE_INTEGER });
  });
});
