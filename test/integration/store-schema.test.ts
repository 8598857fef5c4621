// One migration list per engine, and the runner that applies and checks them: both
// engines end with the same tables, columns, keys and indexes; a schema older or newer
// than the build is refused with the fix; a failed run leaves nothing behind.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src-main/core/db/connection';
import { migrate, type Migration } from '../../src-main/core/db/migrate';
import { migrations as sqliteMigrations } from '../../src-main/core/db/migrations';
import { postgresMigrations } from '../../src-main/core/db/migrations/postgres';
import { applyMigrations, checkSchema } from '../../src-main/core/db/schema';
import type { Sql } from '../../src-main/core/db/sql';
import { sqliteSql } from '../../src-main/core/db/sql-sqlite';
import { GatehouseError } from '../../src-main/core/errors';
import { tmpDir } from '../helpers/core';
import { ENGINES, freshStores, type Engine } from '../helpers/engines';
import { postgresShape, shapeOf, sqliteShape } from '../helpers/schema-shape';

const stores = freshStores();
const listFor = (engine: Engine) => (engine === 'sqlite' ? sqliteMigrations : postgresMigrations);

/** A data dir migrated as the desktop migrates it (migrate.ts), read through the store interface. */
function desktopMigrated(): Sql {
  const t = tmpDir();
  stores.later(t.cleanup);
  const db = openDatabase(t.dir);
  migrate(db, sqliteMigrations);
  const sql = sqliteSql(db);
  stores.later(() => sql.close());
  return sql;
}

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof GatehouseError) return `${e.code}: ${e.message}`;
    throw e;
  }
  return 'none';
};

describe('the two migration lists', () => {
  it('have the same ids and names, so both engines report the same schema version', () => {
    const idsOf = (list: readonly Migration[]) => list.map((m) => `${m.id}-${m.name}`);
    expect(idsOf(postgresMigrations)).toEqual(idsOf(sqliteMigrations));
  });

  it.runIf(ENGINES.includes('postgres'))('end with the same tables, columns, keys and indexes on SQLite and PostgreSQL', async () => {
    // SQLite as the desktop migrates it today, and through the store interface.
    const lite = desktopMigrated();
    const viaStore = (await stores.open('sqlite')).sql;
    applyMigrations(viaStore, sqliteMigrations);
    const pg = (await stores.open('postgres')).sql;
    applyMigrations(pg, postgresMigrations);

    const expected = sqliteShape(lite);
    expect(Object.keys(expected)).toContain('api_keys');
    expect(sqliteShape(viaStore)).toEqual(expected);
    expect(postgresShape(pg)).toEqual(expected);

    // The comparison sees a difference as small as one index.
    pg.exec('CREATE INDEX extra_ix ON api_keys(name)');
    expect(postgresShape(pg)).not.toEqual(expected);
  });

  it('read a data dir the desktop migrated as current (the switch to the store interface keeps its history)', () => {
    const sql = desktopMigrated();
    expect(checkSchema(sql, sqliteMigrations)).toBe(sqliteMigrations.at(-1)!.id);
    expect(applyMigrations(sql, sqliteMigrations).applied).toEqual([]);
  });
});

describe('the migration runner on SQLite', () => {
  it('scrubs the WAL after a migration that deletes secrets, as the desktop does (010 leaves no copy of a raw refresh token)', async () => {
    const store = await stores.open('sqlite');
    const sql = store.sql;
    applyMigrations(sql, sqliteMigrations.filter((m) => m.id < 10));
    // What an older Gatehouse stored: a refresh token's row under the raw secret.
    const secret = `rt-${randomBytes(24).toString('hex')}`;
    sql.run("INSERT INTO oauth_models (model, id, payload, created_at) VALUES ('RefreshToken', ?, ?, 1)", [secret, JSON.stringify({ jti: secret })]);
    sql.exec('PRAGMA wal_checkpoint(FULL)');
    const scrubbing = sqliteMigrations.filter((m) => m.scrub === true).map((m) => m.id);
    expect(scrubbing).toEqual([10]);
    expect(applyMigrations(sql, sqliteMigrations).applied.map((a) => a.id)).toContain(10);
    expect(sql.get("SELECT COUNT(*) AS c FROM oauth_models WHERE model = 'RefreshToken'")).toEqual({ c: 0 });
    const bytes = Buffer.concat(readdirSync(store.dir!).map((f) => readFileSync(join(store.dir!, f))));
    expect(bytes.includes(secret)).toBe(false);
  });
});

describe.each(ENGINES)('the migration runner on %s', (engine) => {
  const list = listFor(engine);
  const latest = list.at(-1)!;
  const open = async (): Promise<Sql> => (await stores.open(engine)).sql;

  it('applies every migration once, records it, and finds nothing to do the second time', async () => {
    const sql = await open();
    expect(codeOf(() => checkSchema(sql, list))).toMatch(/^SCHEMA_TOO_OLD: .*no Gatehouse schema yet.*gatehouse migrate --database-url/);
    const first = applyMigrations(sql, list);
    expect(first).toEqual({ version: latest.id, applied: list.map(({ id, name }) => ({ id, name })) });
    expect(applyMigrations(sql, list)).toEqual({ version: latest.id, applied: [] });
    expect(checkSchema(sql, list)).toBe(latest.id);
    const rows = sql.all<{ id: number; hash: string }>('SELECT id, hash FROM schema_migrations ORDER BY id');
    expect(rows.map((r) => r.id)).toEqual(list.map((m) => m.id));
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.hash))).toBe(true);
  });

  it('refuses a schema older than the build, naming the migration it lacks and `gatehouse migrate`', async () => {
    const sql = await open();
    applyMigrations(sql, list.slice(0, -1));
    expect(codeOf(() => checkSchema(sql, list))).toMatch(
      new RegExp(`^SCHEMA_TOO_OLD: .*lacks ${latest.id}-${latest.name}.*needs ${latest.id}.*gatehouse migrate --database-url`),
    );
    expect(applyMigrations(sql, list).applied).toEqual([{ id: latest.id, name: latest.name }]);
    expect(checkSchema(sql, list)).toBe(latest.id);
  });

  it('refuses a schema newer than the build, and does not touch it', async () => {
    const sql = await open();
    const future: Migration = { id: latest.id + 90, name: 'from-the-future', sql: 'CREATE TABLE future_things (x TEXT)' };
    applyMigrations(sql, [...list, future]);
    const refusal = new RegExp(`^SCHEMA_TOO_NEW: .*newer Gatehouse.*${future.id}-from-the-future.*update this one`);
    expect(codeOf(() => checkSchema(sql, list))).toMatch(refusal);
    expect(codeOf(() => applyMigrations(sql, list))).toMatch(refusal);
    expect(sql.get('SELECT COUNT(*) AS c FROM schema_migrations')).toEqual({ c: list.length + 1 });
  });

  it('refuses a migration whose text changed after it was applied', async () => {
    const sql = await open();
    applyMigrations(sql, list);
    const edited = list.map((m) => (m.id === 1 ? { ...m, sql: `${m.sql}\n-- edited` } : m));
    expect(codeOf(() => checkSchema(sql, edited))).toMatch(/^MIGRATION_EDITED: migration 1-initial was changed/);
    expect(codeOf(() => applyMigrations(sql, edited))).toMatch(/^MIGRATION_EDITED/);
  });

  it('applies a run in one transaction: a failing migration leaves no table of that run behind', async () => {
    const sql = await open();
    const broken: Migration = { id: latest.id + 1, name: 'broken', sql: 'CREATE TABLE half_done (x TEXT); THIS IS NOT SQL;' };
    expect(() => applyMigrations(sql, [...list, broken])).toThrow();
    expect(Object.keys(shapeOf(sql))).toEqual([]);
    expect(codeOf(() => checkSchema(sql, list))).toMatch(/^SCHEMA_TOO_OLD: .*no Gatehouse schema yet/);
  });
});
