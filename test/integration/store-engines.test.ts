// The store interface on both engines: a real SQLite file and a real PostgreSQL server
// of this file's own. Each test states what a repository relies on, and runs as-is on
// both (GATEHOUSE_TEST_ENGINE narrows it to one).
import { describe, expect, it } from 'vitest';
import { openDatabase, writeTx } from '../../src-main/core/db/connection';
import { SqlError, type Sql } from '../../src-main/core/db/sql';
import { sqliteSql } from '../../src-main/core/db/sql-sqlite';
import { tmpDir } from '../helpers/core';
import { ENGINES, freshStores } from '../helpers/engines';

const stores = freshStores();

const TABLES = `
CREATE TABLE parent (id TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE item (
  id TEXT PRIMARY KEY,
  parent_id TEXT REFERENCES parent(id) ON DELETE CASCADE,
  n INTEGER NOT NULL DEFAULT 0,
  score REAL,
  flag INTEGER NOT NULL DEFAULT 0,
  bytes BLOB,
  kind TEXT CHECK (kind IN ('a', 'b'))
);`;

// PostgreSQL's spelling of the same tables, with the collation its migration 001 creates.
const PG_TABLES =
  "CREATE COLLATION nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);" +
  TABLES.replace(/INTEGER/g, 'BIGINT').replace(/REAL/g, 'DOUBLE PRECISION').replace(/BLOB/g, 'BYTEA');

function withTables(sql: Sql): Sql {
  sql.exec(sql.dialect === 'postgres' ? PG_TABLES : TABLES);
  return sql;
}

const kindOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof SqlError) return e.kind;
    throw e;
  }
  return 'none';
};

describe.each(ENGINES)('the store on %s', (engine) => {
  const open = async () => withTables((await stores.open(engine)).sql);

  it('reads and writes with ? and @name placeholders, RETURNING and change counts', async () => {
    const sql = await open();
    expect(sql.run('INSERT INTO parent (id, name) VALUES (?, ?)', ['p1', 'first'])).toEqual({ changes: 1, rows: [] });
    expect(sql.run('INSERT INTO parent (id, name) VALUES (@id, @name) RETURNING id, name', { id: 'p2', name: "it's @home?" })).toEqual({
      changes: 1,
      rows: [{ id: 'p2', name: "it's @home?" }],
    });
    expect(sql.get('SELECT name FROM parent WHERE id = @id AND id = @id', { id: 'p2' })).toEqual({ name: "it's @home?" });
    expect(sql.get('SELECT name FROM parent WHERE id = ?', ['nope'])).toBeUndefined();
    expect(sql.all('SELECT id FROM parent ORDER BY id')).toEqual([{ id: 'p1' }, { id: 'p2' }]);
    expect(sql.run('UPDATE parent SET name = ? WHERE id <> ?', ['x', 'none']).changes).toBe(2);
    expect(sql.run('DELETE FROM parent WHERE id = ? RETURNING id', ['p1'])).toEqual({ changes: 1, rows: [{ id: 'p1' }] });
    expect(sql.run('DELETE FROM parent WHERE id = ?', ['p1']).changes).toBe(0);
  });

  it('gives back what it stored: bytes, 64-bit times, fractions, booleans as 1/0, NULL, counts and sums as numbers', async () => {
    const sql = await open();
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const later = Date.now() * 1000 + 123; // microseconds: far past 32 bits, inside 2^53
    sql.run('INSERT INTO item (id, n, score, flag, bytes) VALUES (?, ?, ?, ?, ?)', ['a', later, 0.1 + 0.2, true, bytes]);
    sql.run('INSERT INTO item (id, n, score, flag, bytes) VALUES (?, ?, ?, ?, ?)', ['b', 2, null, false, new Uint8Array([0, 255])]);
    sql.run('INSERT INTO item (id, n, score) VALUES (?, ?, ?)', ['c', 3, undefined]);
    const a = sql.get<{ n: number; score: number; flag: number; bytes: Buffer }>('SELECT n, score, flag, bytes FROM item WHERE id = ?', ['a'])!;
    expect(a).toEqual({ n: later, score: 0.1 + 0.2, flag: 1, bytes });
    expect(Buffer.isBuffer(a.bytes)).toBe(true);
    expect(sql.get('SELECT score, flag, bytes FROM item WHERE id = ?', ['b'])).toEqual({ score: null, flag: 0, bytes: Buffer.from([0, 255]) });
    expect(sql.get('SELECT COUNT(*) AS c, SUM(n) AS s, MAX(n) AS m FROM item WHERE id <> ?', ['a'])).toEqual({ c: 2, s: 5, m: 3 });
    const text = 'ünïcødé 🔑 \'quoted\' "double" ? @x $1 -- not a comment';
    sql.run('INSERT INTO parent (id, name) VALUES (?, ?)', ['t', text]);
    expect(sql.get('SELECT name FROM parent WHERE name = ?', [text])).toEqual({ name: text });
  });

  it('refuses values neither engine stores as they are', async () => {
    const sql = await open();
    expect(() => sql.run('INSERT INTO parent (id, name) VALUES (?, ?)', ['d', new Date()])).toThrow(/cannot bind a Date.*epoch ms/);
    expect(() => sql.run('INSERT INTO parent (id, name) VALUES (?, ?)', ['o', { a: 1 }])).toThrow(/JSON as text/);
    expect(sql.get('SELECT COUNT(*) AS c FROM parent')).toEqual({ c: 0 });
  });

  it('runs the portable helpers: LEAST/GREATEST, INSERT OR IGNORE, COLLATE NOCASE, FLOOR', async () => {
    const sql = await open();
    sql.run('INSERT INTO item (id, n, score) VALUES (?, ?, ?)', ['x', 7, 2.75]);
    expect(sql.get('SELECT LEAST(n, 5) AS lo, GREATEST(n, 9) AS hi, FLOOR(score) AS f FROM item')).toEqual({ lo: 5, hi: 9, f: 2 });
    expect(sql.run('INSERT OR IGNORE INTO item (id, n) VALUES (?, ?) RETURNING id', ['x', 1])).toEqual({ changes: 0, rows: [] });
    expect(sql.run('INSERT OR IGNORE INTO item (id, n) VALUES (?, ?)', ['y', 1]).changes).toBe(1);
    expect(sql.get('SELECT n FROM item WHERE id = ?', ['x'])).toEqual({ n: 7 });
    for (const name of ['beta', 'Alpha', 'alpha2', 'Gamma']) sql.run('INSERT INTO parent (id, name) VALUES (?, ?)', [name, name]);
    expect(sql.all('SELECT name FROM parent ORDER BY name COLLATE NOCASE').map((r) => r.name)).toEqual(['Alpha', 'alpha2', 'beta', 'Gamma']);
    expect(sql.all('SELECT id FROM parent WHERE name = ? COLLATE NOCASE', ['GAMMA'])).toEqual([{ id: 'Gamma' }]);
    // The portable casts that give a placeholder its type.
    const casts = 'SELECT CAST(? AS BIGINT) AS i, CAST(? AS DOUBLE PRECISION) AS d, CAST(? AS TEXT) AS t, LEAST(CAST(? AS BIGINT), CAST(? AS BIGINT)) AS lo';
    expect(sql.get(casts, [Date.now() * 1000, 0.1, 'x', 10, 9])).toEqual({ i: expect.any(Number), d: 0.1, t: 'x', lo: 9 });
  });

  it('names each constraint failure the same way on both engines', async () => {
    const sql = await open();
    sql.run('INSERT INTO parent (id, name) VALUES (?, ?)', ['p', 'p']);
    expect(kindOf(() => sql.run('INSERT INTO parent (id, name) VALUES (?, ?)', ['p', 'again']))).toBe('unique');
    expect(kindOf(() => sql.run('INSERT INTO item (id, parent_id) VALUES (?, ?)', ['i', 'missing']))).toBe('foreign_key');
    expect(kindOf(() => sql.run('INSERT INTO parent (id, name) VALUES (?, ?)', ['q', null]))).toBe('not_null');
    expect(kindOf(() => sql.run('INSERT INTO item (id, kind) VALUES (?, ?)', ['k', 'z']))).toBe('check');
    sql.run('INSERT INTO item (id, parent_id) VALUES (?, ?)', ['child', 'p']);
    sql.run('DELETE FROM parent WHERE id = ?', ['p']);
    expect(sql.get('SELECT id FROM item WHERE id = ?', ['child'])).toBeUndefined(); // ON DELETE CASCADE
  });

  it('commits a transaction, and rolls all of it back when it throws', async () => {
    const sql = await open();
    expect(sql.inTransaction).toBe(false);
    const n = sql.tx(() => {
      expect(sql.inTransaction).toBe(true);
      sql.run('INSERT INTO parent (id, name) VALUES (?, ?)', ['a', 'a']);
      return sql.get<{ c: number }>('SELECT COUNT(*) AS c FROM parent')!.c;
    });
    expect(n).toBe(1);
    expect(() =>
      sql.tx(() => {
        sql.run('INSERT INTO parent (id, name) VALUES (?, ?)', ['b', 'b']);
        throw new Error('changed my mind');
      }),
    ).toThrow('changed my mind');
    expect(sql.all('SELECT id FROM parent')).toEqual([{ id: 'a' }]);
    expect(sql.inTransaction).toBe(false);
  });

  it('joins nested transactions: the inner writes commit with the outer, and an inner failure dooms the whole', async () => {
    const sql = await open();
    sql.tx(() => {
      sql.run('INSERT INTO parent (id, name) VALUES (?, ?)', ['outer', 'o']);
      sql.tx(() => sql.run('INSERT INTO parent (id, name) VALUES (?, ?)', ['inner', 'i']));
    });
    expect(sql.all('SELECT id FROM parent ORDER BY id')).toEqual([{ id: 'inner' }, { id: 'outer' }]);

    const attempt = () =>
      sql.tx(() => {
        sql.run('INSERT INTO parent (id, name) VALUES (?, ?)', ['kept?', 'k']);
        try {
          sql.tx(() => {
            throw new Error('inner');
          });
        } catch {
          // A caller that swallows the inner failure must not commit half a transaction.
        }
      });
    expect(kindOf(attempt)).toBe('aborted');
    expect(sql.get('SELECT id FROM parent WHERE id = ?', ['kept?'])).toBeUndefined();
  });

  it('rolls back a transaction in which a statement failed, even if the caller caught it', async () => {
    const sql = await open();
    sql.run('INSERT INTO parent (id, name) VALUES (?, ?)', ['dup', 'd']);
    const attempt = () =>
      sql.tx(() => {
        sql.run('INSERT INTO parent (id, name) VALUES (?, ?)', ['new', 'n']);
        try {
          sql.run('INSERT INTO parent (id, name) VALUES (?, ?)', ['dup', 'again']);
        } catch (e) {
          expect((e as SqlError).kind).toBe('unique');
        }
        sql.run('UPDATE parent SET name = ? WHERE id = ?', ['changed', 'dup']);
      });
    expect(attempt).toThrow(/already failed/);
    expect(sql.all('SELECT id, name FROM parent')).toEqual([{ id: 'dup', name: 'd' }]);
    // The store is usable again afterwards.
    sql.tx(() => sql.run('INSERT INTO parent (id, name) VALUES (?, ?)', ['after', 'a']));
    expect(sql.get('SELECT COUNT(*) AS c FROM parent')).toEqual({ c: 2 });
  });

  it("keeps a transaction's writes from another connection until it commits", async () => {
    const store = await stores.open(engine);
    const a = withTables(store.sql);
    const b = stores.reopen(store);
    a.tx(() => {
      a.run('INSERT INTO parent (id, name) VALUES (?, ?)', ['p', 'p']);
      expect(b.get('SELECT COUNT(*) AS c FROM parent')).toEqual({ c: 0 });
    });
    expect(b.get('SELECT COUNT(*) AS c FROM parent')).toEqual({ c: 1 });
  });

  it('refuses statements after close', async () => {
    const store = await stores.open(engine);
    const other = stores.reopen(store);
    other.close();
    expect(() => other.get('SELECT 1 AS one')).toThrow(/closed/);
    other.close(); // twice is harmless
  });
});

// While the repositories move onto the store interface one by one, old and new code share
// the desktop's connection: a store transaction inside one opened by writeTx joins it.
describe.runIf(ENGINES.includes('sqlite'))('the SQLite engine beside older code', () => {
  it('joins a transaction that older code opened on the same connection', () => {
    const t = tmpDir();
    stores.later(t.cleanup);
    const db = openDatabase(t.dir);
    const sql = sqliteSql(db);
    stores.later(() => sql.close());
    sql.exec('CREATE TABLE t (id TEXT PRIMARY KEY)');
    const failing = () =>
      writeTx(db, () => {
        sql.tx(() => sql.run('INSERT INTO t (id) VALUES (?)', ['a']));
        expect(sql.inTransaction).toBe(true);
        throw new Error('the outer transaction fails');
      });
    expect(failing).toThrow('the outer transaction fails');
    expect(sql.all('SELECT id FROM t')).toEqual([]);
    writeTx(db, () => sql.tx(() => sql.run('INSERT INTO t (id) VALUES (?)', ['b'])));
    expect(sql.all('SELECT id FROM t')).toEqual([{ id: 'b' }]);
  });
});
