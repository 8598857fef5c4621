// Team mode (issue 17), measured on the built app in one run: `gatehouse serve` on SQLite
// against one `serve --database-url` replica on PostgreSQL (a server of the bench's own,
// on loopback), then 1, 2 and 3 replicas on that database behind a round-robin proxy
// written here (keep-alive to each replica). The load is gateway-stateless.ts's:
// 2026-07-28 stateless tools/call of the stdio echo server (test/fixtures/servers/echo.mjs)
// with an API key, 20 connections, 3 s, so any replica may answer any request.
// - team_sqlite_calls_per_s, team_postgres_calls_per_s: one serve, called directly.
// - team_calls_per_s_1, _2, _3: through the round-robin proxy to 1, 2 and 3 replicas.
// - team_revoke_seen_ms_p50: a key revoked through replica A's admin API, from the
//   revocation's answer to the first 401 for that key at replica C (polled back to back),
//   median of 20.
// Opt-in (`npm run bench -- team`): it starts PostgreSQL and five serve processes.
import { randomBytes } from 'node:crypto';
import { Agent } from 'node:http';
import { tmpDir } from '../helpers/core';
import { startPostgres } from '../helpers/postgres';
import { forwardingProxy, gatehouse, lbHeaders, PUBLIC, raw, startServe, type ServeProc } from '../integration/team-harness';
import { figure, median, type Bench } from './figures';
import { BODY, headers, load } from './gateway-stateless';

const REVOCATIONS = 20;
const SERVE_ARGS = ['--public-url', PUBLIC, '--trust-proxy', '--log-format', 'text', '--json'];
const LB = lbHeaders()();

interface Key {
  id: string;
  key: string;
}

async function cli(args: string[], env: NodeJS.ProcessEnv): Promise<unknown> {
  const r = await gatehouse([...args, '--json'], env);
  if (r.code !== 0) throw new Error(`gatehouse ${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout) as unknown;
}

/** The stdio echo server exposed to API keys, and a key for it with a limit the load never reaches. */
async function provision(env: NodeJS.ProcessEnv): Promise<Key> {
  await cli(['servers', 'add', 'echo', '--command', process.execPath, '--arg', 'test/fixtures/servers/echo.mjs'], env);
  await cli(['servers', 'expose', 'echo', '--api-keys'], env);
  return (await cli(['keys', 'create', '--name', 'bench', '--allow', 'echo:*', '--rate', '1000000/sec'], env)) as Key;
}

/** The load balancer: each request to the next replica in turn, over kept-alive connections. */
function roundRobin(targets: string[]): Promise<{ url: string; close(): Promise<void> }> {
  let next = 0;
  return forwardingProxy(() => targets[next++ % targets.length]!, () => LB, { agent: new Agent({ keepAlive: true, maxSockets: 64 }), record: false });
}

/** Calls per second through a round-robin proxy to these replicas. */
async function balanced(replicas: ServeProc[], key: Key): Promise<number> {
  const lb = await roundRobin(replicas.map((r) => r.listen));
  try {
    await load(`${lb.url}/mcp/echo`, key.key); // warm-up: each replica's echo process and caches
    return await load(`${lb.url}/mcp/echo`, key.key);
  } finally {
    await lb.close();
  }
}

async function status(url: string, key: Key): Promise<number> {
  const r = await fetch(url, { method: 'POST', headers: { ...headers(key.key), ...LB }, body: BODY });
  await r.text();
  return r.status;
}

/** Milliseconds from each revocation's answer at replica A to the first refusal at replica C. */
async function revocations(a: ServeProc, c: ServeProc, keys: Key[]): Promise<number[]> {
  const admin = await forwardingProxy(a.listen, lbHeaders());
  try {
    const login = await raw(a.ready.admin_url!.replace(PUBLIC, admin.url));
    const cookie = (login.headers['set-cookie'] ?? [])[0]!.split(';')[0]!;
    const atC = `${c.listen}/mcp/echo`;
    const seen: number[] = [];
    for (const key of keys) {
      if ((await status(atC, key)) !== 200) throw new Error('team bench: a fresh key refused at replica C');
      const revoked = await raw(`${admin.url}/admin/api/keys.revoke`, {
        method: 'POST',
        headers: { cookie, origin: PUBLIC, 'content-type': 'application/json' },
        body: JSON.stringify({ id: key.id }),
      });
      if (revoked.status !== 200) throw new Error(`team bench: revoke answered ${revoked.status} ${revoked.text}`);
      const at = performance.now();
      while ((await status(atC, key)) !== 401) {
        if (performance.now() - at > 10_000) throw new Error('team bench: a revoked key still taken at replica C after 10 s');
      }
      seen.push(performance.now() - at);
    }
    return seen;
  } finally {
    await admin.close();
  }
}

async function sqliteCalls(): Promise<number> {
  const t = tmpDir('gatehouse-bench-');
  const env: NodeJS.ProcessEnv = { ...process.env, GATEHOUSE_DATA_DIR: t.dir, GATEHOUSE_MASTER_KEY: randomBytes(32).toString('base64') };
  delete env.GATEHOUSE_DATABASE_URL;
  let serve: ServeProc | undefined;
  try {
    const key = await provision(env);
    serve = await startServe(SERVE_ARGS, { env });
    await load(`${serve.listen}/mcp/echo`, key.key, LB);
    return await load(`${serve.listen}/mcp/echo`, key.key, LB);
  } finally {
    await serve?.stop();
    t.cleanup();
  }
}

export const team: Bench = async () => {
  const sqlitePerS = await sqliteCalls();
  const pg = await startPostgres();
  const t = tmpDir('gatehouse-bench-');
  const replicas: ServeProc[] = [];
  try {
    const env = { ...process.env, GATEHOUSE_DATA_DIR: t.dir, GATEHOUSE_DATABASE_URL: await pg.createDatabase(), GATEHOUSE_MASTER_KEY: randomBytes(32).toString('base64') };
    await cli(['migrate'], env);
    const key = await provision(env);
    const revocable = await Promise.all(Array.from({ length: REVOCATIONS }, (_, i) => cli(['keys', 'create', '--name', `revoke ${i}`, '--allow', 'echo:*'], env) as Promise<Key>));
    replicas.push(await startServe(SERVE_ARGS, { env }));
    await load(`${replicas[0]!.listen}/mcp/echo`, key.key, LB);
    const postgresPerS = await load(`${replicas[0]!.listen}/mcp/echo`, key.key, LB);
    const perS: number[] = [];
    for (let n = 1; n <= 3; n++) {
      while (replicas.length < n) replicas.push(await startServe(SERVE_ARGS, { env }));
      perS.push(await balanced(replicas, key));
    }
    const seen = await revocations(replicas[0]!, replicas[2]!, revocable);
    return {
      team_sqlite_calls_per_s: figure(sqlitePerS, 'per_s', 2000, 'higher'),
      team_postgres_calls_per_s: figure(postgresPerS, 'per_s', 2000, 'higher'),
      team_calls_per_s_1: figure(perS[0]!, 'per_s', 2000, 'higher'),
      team_calls_per_s_2: figure(perS[1]!, 'per_s', 2000, 'higher'),
      team_calls_per_s_3: figure(perS[2]!, 'per_s', 2000, 'higher'),
      team_revoke_seen_ms_p50: figure(median(seen), 'ms', 1000, 'lower'),
    };
  } finally {
    await Promise.all(replicas.map((r) => r.stop()));
    pg.stop();
    t.cleanup();
  }
};
