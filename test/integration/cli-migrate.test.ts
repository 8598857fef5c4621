// `gatehouse migrate --database-url URL`, the real built CLI (npm test builds first)
// against a real PostgreSQL server: it applies the schema once even when several
// replicas run it at once, says when there is nothing to do, and refuses bad URLs,
// unreachable servers and newer schemas with a message that names the fix.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { postgresMigrations } from '../../src-main/core/db/migrations/postgres';
import { MIGRATION_LOCK_KEY } from '../../src-main/core/db/schema';
import { postgresSql } from '../../src-main/core/db/sql-postgres';
import { ENGINES, freshStores } from '../helpers/engines';

const stores = freshStores();
const LATEST = postgresMigrations.at(-1)!.id;
const ALL = postgresMigrations.map(({ id, name }) => ({ id, name }));

// Without GATEHOUSE_DATABASE_URL from the caller's environment, unless a test sets it.
const baseEnv = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'GATEHOUSE_DATABASE_URL'));

function gh(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['bin/gatehouse', ...args], { env: { ...baseEnv(), ...env }, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr, json: () => JSON.parse(r.stdout) };
}

function ghAsync(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/gatehouse', ...args], { env: baseEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

/** Polls a condition (here: processes waiting on a lock) until it holds; fails after 60 s. */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('the condition did not come true within 60 s');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

describe.runIf(ENGINES.includes('postgres'))('gatehouse migrate', { timeout: 120_000 }, () => {
  it('applies every migration, then finds nothing to do; the URL may come from GATEHOUSE_DATABASE_URL', async () => {
    const url = await stores.server().createDatabase();
    const first = gh(['migrate', '--database-url', url, '--json']);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.json()).toEqual({ database: url, schema: LATEST, applied: ALL });

    const again = gh(['migrate'], { GATEHOUSE_DATABASE_URL: url });
    expect(again.code).toBe(0);
    expect(again.out).toBe(`The schema of ${url} is current (${LATEST}); nothing to apply.\n`);

    const sql = postgresSql(url);
    stores.later(() => sql.close());
    expect(sql.all('SELECT id FROM schema_migrations ORDER BY id').map((r) => r.id)).toEqual(ALL.map((m) => m.id));
  });

  it('applies each migration once when several replicas run it at the same moment', async () => {
    const url = await stores.server().createDatabase();
    // Hold the migration lock until all four are waiting for it, so their runs truly overlap.
    const holder = postgresSql(url);
    stores.later(() => holder.close());
    holder.get('SELECT pg_advisory_lock(CAST(? AS BIGINT)) AS locked', [MIGRATION_LOCK_KEY]);
    const pending = Array.from({ length: 4 }, () => ghAsync(['migrate', '--database-url', url, '--json']));
    await until(() => holder.get<{ c: number }>("SELECT COUNT(*) AS c FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")!.c === 4);
    holder.get('SELECT pg_advisory_unlock(CAST(? AS BIGINT)) AS unlocked', [MIGRATION_LOCK_KEY]);
    const runs = await Promise.all(pending);
    for (const r of runs) expect({ code: r.code, err: r.err }).toEqual({ code: 0, err: '' });
    const applied = runs.flatMap((r) => JSON.parse(r.out).applied as { id: number }[]);
    expect(applied.map((m) => m.id).sort((a, b) => a - b)).toEqual(ALL.map((m) => m.id));
    // One replica did the work; the others waited on the lock and found the schema current.
    expect(runs.filter((r) => JSON.parse(r.out).applied.length === 0)).toHaveLength(3);
  });

  it('prints what it applied for a person', async () => {
    const url = await stores.server().createDatabase();
    const r = gh(['migrate', '--database-url', url]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`Applied ${ALL.length} migration(s) to ${url}: ${ALL.map((m) => `${m.id}-${m.name}`).join(', ')}. The schema is at ${LATEST}.\n`);
  });

  it('refuses to run without a URL, or with one that is not PostgreSQL’s', () => {
    const none = gh(['migrate']);
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/gatehouse migrate needs --database-url postgres:\/\/.*GATEHOUSE_DATABASE_URL/);
    const mysql = gh(['migrate', '--database-url', 'mysql://root:pw@db/gatehouse', '--json']);
    expect(mysql.code).toBe(1);
    expect(JSON.parse(mysql.err).error).toEqual({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/must be a PostgreSQL URL \(postgres:\/\/USER:PASSWORD@HOST:5432\/DATABASE\); got a mysql: URL/),
    });
    expect(mysql.err).not.toContain('pw@');
  });

  it('says which database it cannot reach, without its password', async () => {
    const port = await freePort();
    const r = gh(['migrate', '--database-url', `postgres://gate:hunter2-secret@127.0.0.1:${port}/gatehouse`, '--json']);
    expect(r.code).toBe(1);
    const { error } = JSON.parse(r.err);
    expect(error.code).toBe('DATABASE_UNAVAILABLE');
    expect(error.message).toContain(`postgres://gate:***@127.0.0.1:${port}/gatehouse`);
    expect(error.message).toMatch(/PostgreSQL is up/);
    expect(r.err + r.out).not.toContain('hunter2-secret');
  });

  it('refuses to touch a schema written by a newer Gatehouse', async () => {
    const url = await stores.server().createDatabase();
    expect(gh(['migrate', '--database-url', url]).code).toBe(0);
    const sql = postgresSql(url);
    stores.later(() => sql.close());
    sql.run('INSERT INTO schema_migrations (id, name, hash, applied_at) VALUES (?, ?, ?, ?)', [LATEST + 50, 'from-the-future', 'f'.repeat(64), Date.now()]);
    const r = gh(['migrate', '--database-url', url, '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.err).error.code).toBe('SCHEMA_TOO_NEW');
    expect(JSON.parse(r.err).error.message).toMatch(new RegExp(`${LATEST + 50}-from-the-future`));
  });
});
