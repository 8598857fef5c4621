// `serve` on PostgreSQL operated like a service (issue 17, item 3), on the built app and a
// real server: the connections one replica opens, counted in pg_stat_activity by the
// application name its URL gives (?application_name=), for each --database-pool-size; the
// statement timeout in effect on the store's connection (a lock the test holds makes a
// statement wait, and the error names the timeout and the flag), in serve and in a
// one-shot command; the options refused with their fix; JSON logs that never show the
// database password; SIGTERM that lets a call in flight finish and leaves its audit row
// in the database.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tmpDir } from '../helpers/core';
import { startPostgres, type PgServer } from '../helpers/postgres';
import { poll } from './guard-harness';
import { gatehouse, gatehouseJson, mcp, startServe, type ServeProc } from './team-harness';

let server: PgServer;
let url: string;
let env: NodeJS.ProcessEnv;
let gated: string;
let apiKey: string;
let db: pg.Client;
let cleanup: () => void;

const cli = async (args: string[]) => (await gatehouseJson(args, env)) as Record<string, string>;

/** The application names of the connections whose name starts with `name`, sorted. */
async function connectionsOf(name: string): Promise<string[]> {
  const r = await db.query<{ application_name: string }>(
    "SELECT application_name FROM pg_stat_activity WHERE application_name = $1 OR application_name LIKE $1 || ' %' ORDER BY application_name",
    [name],
  );
  return r.rows.map((row) => row.application_name);
}

/** Holds `LOCK TABLE table` on a connection of the test's own while `fn` runs. */
async function whileLocked<T>(table: string, fn: () => Promise<T>): Promise<T> {
  const holder = new pg.Client({ connectionString: url, application_name: 'ops test lock' });
  await holder.connect();
  try {
    await holder.query('BEGIN');
    await holder.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
    return await fn();
  } finally {
    await holder.query('ROLLBACK').catch(() => undefined);
    await holder.end();
  }
}

const readyz = async (s: ServeProc) => {
  const r = await fetch(`${s.listen}/readyz`);
  return { status: r.status, body: (await r.json()) as { checks: Record<string, { ok: boolean; reason?: string }> } };
};

beforeAll(async () => {
  server = await startPostgres();
  url = await server.createDatabase();
  const t = tmpDir('gatehouse-pg-ops-');
  cleanup = t.cleanup;
  gated = join(t.dir, 'gated');
  mkdirSync(gated);
  env = { ...process.env, GATEHOUSE_DATA_DIR: t.dir, GATEHOUSE_DATABASE_URL: url, GATEHOUSE_MASTER_KEY: randomBytes(32).toString('base64') };
  for (const k of ['GATEHOUSE_DATABASE_POOL_SIZE', 'GATEHOUSE_DATABASE_STATEMENT_TIMEOUT']) delete env[k];
  await cli(['migrate']);
  await cli(['servers', 'add', 'echo', '--command', 'node', '--arg', 'test/fixtures/servers/echo.mjs']);
  await cli(['servers', 'add', 'gated', '--command', 'node', '--arg', 'test/fixtures/servers/gated.mjs', '--env', `GATED_DIR=${gated}`]);
  await cli(['servers', 'expose', 'echo', '--api-keys']);
  await cli(['servers', 'expose', 'gated', '--api-keys']);
  apiKey = (await cli(['keys', 'create', '--name', 'ops', '--allow', 'echo:*', '--allow', 'gated:*']))!.key!;
  db = new pg.Client({ connectionString: url, application_name: 'ops test' });
  await db.connect();
}, 120_000);

afterAll(async () => {
  await db?.end();
  server?.stop();
  cleanup?.();
});

describe('connections per replica (--database-pool-size)', () => {
  const replicas = new Map<number, ServeProc>();
  const named = (n: number) => `${url}?application_name=ops-pool-${n}`;

  beforeAll(async () => {
    // 3 by the flag (and a 500 ms timeout), 2 by the environment, 1 by the flag (and a 700 ms timeout by the environment).
    const [three, two, one] = await Promise.all([
      startServe(['--log-format', 'json', '--database-url', named(3), '--database-pool-size', '3', '--database-statement-timeout', '500'], { env }),
      startServe(['--log-format', 'json', '--database-url', named(2)], { env: { ...env, GATEHOUSE_DATABASE_POOL_SIZE: '2' } }),
      startServe(['--log-format', 'json', '--database-url', named(1), '--database-pool-size', '1'], { env: { ...env, GATEHOUSE_DATABASE_STATEMENT_TIMEOUT: '700' } }),
    ]);
    replicas.set(3, three!).set(2, two!).set(1, one!);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([...replicas.values()].map((r) => r.stop()));
  });

  const expected: Record<number, string[]> = {
    3: ['ops-pool-3', 'ops-pool-3 change feed', 'ops-pool-3 reads'],
    2: ['ops-pool-2', 'ops-pool-2 change feed'],
    1: ['ops-pool-1'],
  };

  it('opens exactly pool-size connections, each named after the URL’s application_name and its role, and no more while it works', async () => {
    for (const n of [3, 2, 1]) {
      // The read thread's connection opens with the first housekeeping run (2 s after start).
      await expect.poll(() => connectionsOf(`ops-pool-${n}`), { interval: 100, timeout: 20_000 }).toEqual(expected[n]);
      expect(replicas.get(n)!.records().find((r) => r.event === 'ready')).toMatchObject({ database_pool_size: n });
    }
    for (const n of [3, 2, 1]) {
      const r = replicas.get(n)!;
      expect((await (await mcp(`${r.listen}/mcp/echo`, apiKey)).call('echo')).status).toBe(200);
      expect((await readyz(r)).status).toBe(200);
    }
    for (const n of [3, 2, 1]) expect(await connectionsOf(`ops-pool-${n}`)).toEqual(expected[n]);
  });

  it('cancels a statement of the store past --database-statement-timeout (or its twin), with an error that names the timeout and the flag', async () => {
    expect(replicas.get(3)!.records().find((r) => r.event === 'ready')).toMatchObject({ statement_timeout_ms: 500 });
    expect(replicas.get(2)!.records().find((r) => r.event === 'ready')).toMatchObject({ statement_timeout_ms: 30_000 });
    // /readyz reads the schema on the store's connection; the lock makes that read wait.
    await whileLocked('schema_migrations', async () => {
      for (const [n, ms] of [
        [3, 500],
        [1, 700],
      ] as const) {
        const r = await poll(async () => {
          const answer = await readyz(replicas.get(n)!);
          return answer.status === 503 ? answer : undefined;
        }, 10_000, `/readyz of pool ${n} to fail on the lock`);
        expect(r.body.checks.schema!.reason).toContain(
          `it ran longer than the statement timeout of ${ms} ms; raise --database-statement-timeout (GATEHOUSE_DATABASE_STATEMENT_TIMEOUT)`,
        );
      }
    });
    await poll(async () => ((await readyz(replicas.get(3)!)).status === 200 ? true : undefined), 10_000, '/readyz once the lock is gone');
  });
});

describe('one-shot commands', () => {
  it('open one connection: the audit reads share the store’s', async () => {
    const waiting = () =>
      db.query("SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND application_name LIKE 'ops-cli%'").then((r) => (r.rowCount ? true : undefined));
    // Wrapped: an async function returning the promise itself would wait for it, under the lock.
    const { running } = await whileLocked('audit_events', async () => {
      const running = gatehouse(['audit', '--json', '--database-url', `${url}?application_name=ops-cli`], env);
      await poll(waiting, 20_000, 'the audit command to wait on the lock');
      expect(await connectionsOf('ops-cli')).toEqual(['ops-cli']);
      return { running };
    });
    const r = await running;
    expect(r.code, r.stderr).toBe(0);
  });

  it('take the statement timeout too', async () => {
    await whileLocked('api_keys', async () => {
      const r = await gatehouse(['keys', 'list', '--database-statement-timeout', '300'], env);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^gatehouse: the database cancelled a statement \(nothing it would have changed was saved\): .*it ran longer than the statement timeout of 300 ms; raise --database-statement-timeout/);
    });
  });

  it('refuse bad values before opening anything, each naming the fix', async () => {
    const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
      [['keys', 'list', '--database-pool-size', '4'], {}, /^gatehouse: --database-pool-size must be 1, 2 or 3 \(got "4"\)/],
      [['serve', '--port', '0'], { GATEHOUSE_DATABASE_POOL_SIZE: 'lots' }, /^gatehouse: --database-pool-size must be 1, 2 or 3 \(got "lots"\)/],
      [['serve', '--port', '0', '--database-statement-timeout', '30s'], {}, /^gatehouse: --database-statement-timeout must be a whole number of milliseconds/],
      [['keys', 'list'], { GATEHOUSE_DATABASE_URL: '', GATEHOUSE_DATABASE_STATEMENT_TIMEOUT: '5000' }, /^gatehouse: --database-statement-timeout applies to team mode only/],
      [['migrate', '--database-pool-size', '0'], {}, /^gatehouse: --database-pool-size must be 1, 2 or 3/],
    ];
    for (const [args, extra, message] of cases) {
      const r = await gatehouse(args, { ...env, ...extra });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
    const inUrl = await gatehouse(['keys', 'list', '--database-url', `${url}?statement_timeout=5`], env);
    expect(inUrl.code).toBe(1);
    expect(inUrl.stderr).toContain('--database-url sets statement_timeout: remove it from the URL and give --database-statement-timeout <ms>');
  });
});

describe('JSON logs and SIGTERM on PostgreSQL', () => {
  const password = `pw-${randomBytes(9).toString('base64url')}`;
  // The test server trusts every local connection: the password is never checked, only carried.
  const withPassword = () => url.replace('postgres@', `postgres:${password}@`);

  it('never print the database password: at start, when ready, and when the database cannot be reached', async () => {
    const s = await startServe(['--log-format', 'json', '--log-level', 'debug', '--database-url', withPassword()], { env });
    expect((await (await mcp(`${s.listen}/mcp/echo`, apiKey)).call('echo')).status).toBe(200);
    await s.stop();
    expect(s.records().find((r) => r.event === 'ready')).toMatchObject({ database: expect.stringContaining('postgres:***@127.0.0.1') });
    expect(s.out.join('\n') + s.err()).not.toContain(password);

    const closedPort = withPassword().replace(`:${server.port}/`, ':1/');
    const failed = await gatehouse(['serve', '--port', '0', '--log-format', 'json', '--database-url', closedPort], env);
    expect(failed.code).not.toBe(0);
    expect(failed.stdout).toContain('postgres:***@127.0.0.1:1/');
    expect(failed.stdout + failed.stderr).not.toContain(password);
  });

  it('SIGTERM lets the call in flight finish, refuses new work meanwhile, and leaves its audit row in the database', async () => {
    const s = await startServe(['--log-format', 'json', '--drain-seconds', '30', '--database-url', withPassword()], { env });
    const session = await mcp(`${s.listen}/mcp/gated`, apiKey);
    const call = session.call('wait', 7);
    await poll(() => (existsSync(join(gated, 'started')) ? true : undefined), 10_000, 'the call to reach the server');
    s.proc.kill('SIGTERM');
    await poll(async () => ((await fetch(`${s.listen}/readyz`).then((r) => r.status, () => 0)) !== 200 ? true : undefined), 10_000, 'not ready while draining');
    expect(s.proc.exitCode).toBeNull();
    writeFileSync(join(gated, 'release'), '');
    expect(await call).toMatchObject({ status: 200, text: expect.stringContaining('released') });
    expect(await s.exited).toEqual({ code: 0, signal: null });
    const events = s.records().map((r) => (r.event === 'request' ? `${r.path} ${r.status}` : r.event));
    expect(events.slice(events.indexOf('shutdown'))).toEqual(['shutdown', '/mcp/gated 200', 'stopped']);
    expect(s.records().at(-1)).toMatchObject({ drained: true });
    const rows = await db.query("SELECT decision FROM audit_events WHERE server = 'gated' AND tool = 'wait'");
    expect(rows.rows).toEqual([{ decision: 'allowed' }]);
    expect(s.out.join('\n') + s.err()).not.toContain(password);
  });
});
