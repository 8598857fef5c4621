import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src-main/core/db/connection';
import { migrate, type Migration } from '../../src-main/core/db/migrate';
import { migrations } from '../../src-main/core/db/migrations';
import { tmpDir } from '../helpers/core';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});
function db() {
  const t = tmpDir();
  const d = openDatabase(t.dir);
  cleanups.push(() => {
    d.close();
    t.cleanup();
  });
  return d;
}

const m1: Migration = { id: 1, name: 'one', sql: 'CREATE TABLE a (x INTEGER)' };
const m2: Migration = { id: 2, name: 'two', sql: 'CREATE TABLE b (y INTEGER)' };

describe('migrations', () => {
  it('applies the real migrations once, in WAL mode with foreign keys on', () => {
    const d = db();
    // The schema version is the newest migration's id (ids may have gaps while branches land).
    const latest = migrations.at(-1)!.id;
    expect(migrate(d, migrations)).toEqual({ version: latest, readOnly: false, readOnlyReason: null });
    expect(migrate(d, migrations).version).toBe(latest);
    expect(d.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(d.pragma('foreign_keys', { simple: true })).toBe(1);
    expect((d.prepare('SELECT count(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(migrations.length);
  });

  it('applies only what is pending, each in order', () => {
    const d = db();
    migrate(d, [m1]);
    expect(migrate(d, [m1, m2])).toMatchObject({ version: 2, readOnly: false });
    d.prepare('INSERT INTO b (y) VALUES (1)').run();
  });

  it('applies a migration that was added below ones already applied', () => {
    const d = db();
    const m3: Migration = { id: 3, name: 'three', sql: 'CREATE TABLE c (z INTEGER)' };
    migrate(d, [m1, m3]);
    expect(migrate(d, [m1, m2, m3])).toMatchObject({ version: 3, readOnly: false });
    d.prepare('INSERT INTO b (y) VALUES (1)').run();
  });

  it('refuses an applied migration whose text was edited', () => {
    const d = db();
    migrate(d, [m1]);
    expect(() => migrate(d, [{ ...m1, sql: 'CREATE TABLE a (x TEXT)' }])).toThrow(
      expect.objectContaining({ code: 'MIGRATION_EDITED' }),
    );
  });

  it('opens a database from a newer Gatehouse read-only, and says why', () => {
    const d = db();
    migrate(d, [m1, m2]);
    const state = migrate(d, [m1]);
    expect(state).toMatchObject({ version: 2, readOnly: true });
    expect(state.readOnlyReason).toMatch(/newer Gatehouse/);
    expect(() => d.prepare('INSERT INTO a (x) VALUES (1)').run()).toThrow(/readonly|read-only|query_only/i);
    expect(d.prepare('SELECT count(*) AS n FROM a').get()).toEqual({ n: 0 });
  });

  it('rolls a failing migration back whole', () => {
    const d = db();
    migrate(d, [m1]);
    const bad: Migration = { id: 2, name: 'bad', sql: 'CREATE TABLE c (z INTEGER); CREATE TABLE a (x INTEGER);' };
    expect(() => migrate(d, [m1, bad])).toThrow();
    expect(d.prepare("SELECT name FROM sqlite_master WHERE name = 'c'").get()).toBeUndefined();
    expect(migrate(d, [m1])).toMatchObject({ version: 1, readOnly: false });
  });
});
