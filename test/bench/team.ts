// Team mode (issue 17), measured on the built app in one run: `gatehouse serve` on SQLite
// against one `serve --database-url` replica on PostgreSQL (a server of the bench's own,
// on loopback), then 1, 2 and 3 replicas on that database behind a round-robin proxy
// written here (keep-alive to each replica). The load is gateway-stateless.ts's:
// 2026-07-28 stateless tools/call of the stdio echo server (test/fixtures/servers/echo.mjs)
// with an API key, 20 connections, 3 s, so any replica may answer any request.
// - team_sqlite_calls_per_s, team_postgres_calls_per_s: one serve, called directly.
// - team_calls_per_s_1, _2, _3: through the round-robin proxy to 1, 2 and 3 replicas.
// - team_sqlite_token_cc_per_s, team_postgres_token_cc_per_s, team_token_cc_per_s_1, _2, _3:
//   the token endpoint the same ways: oauth.ts's token_cc load (client_credentials for the
//   echo server's resource, 50 connections) for 3 s after a 1 s warm-up.
// - team_revoke_seen_ms_p50: a key revoked through replica A's admin API, from the
//   revocation's answer to the first 401 for that key at replica C (polled back to back),
//   median of 20.
// Opt-in (`npm run bench -- team`): it starts PostgreSQL and five serve processes.
import { randomBytes } from 'node:crypto';
import { Agent } from 'node:http';
import { tmpDir } from '../helpers/core';
import { startPostgres } from '../helpers/postgres';
import { forwardingProxy, gatehouseJson as cli, lbHeaders, PUBLIC, raw, startServe, type ServeProc } from '../integration/team-harness';
import { figure, median, type Bench } from './figures';
import { BODY, headers, load } from './gateway-stateless';
import { ccRequest, tokenLoad } from './oauth';

const REVOCATIONS = 20;
const SERVE_ARGS = ['--public-url', PUBLIC, '--trust-proxy', '--log-format', 'text', '--json'];
const LB = lbHeaders()();
const TOKEN_S = 3;

interface Key {
  id: string;
  key: string;
}

/** What the loads need: an API key for the gateway, and a client_credentials request for the token endpoint. */
interface Load {
  key: Key;
  cc: ReturnType<typeof ccRequest>;
}

/** Gateway calls and token requests per second at `base` (a replica, or the proxy), each after a warm-up. */
interface PerS {
  calls: number;
  tokens: number;
}

/** The stdio echo server exposed to API keys, a key for it with a limit the load never reaches, and a client_credentials client. */
async function provision(env: NodeJS.ProcessEnv): Promise<Load> {
  await cli(['servers', 'add', 'echo', '--command', process.execPath, '--arg', 'test/fixtures/servers/echo.mjs'], env);
  await cli(['servers', 'expose', 'echo', '--api-keys'], env);
  const key = (await cli(['keys', 'create', '--name', 'bench', '--allow', 'echo:*', '--rate', '1000000/sec'], env)) as Key;
  const svc = (await cli(['oauth', 'clients', 'create', '--name', 'bench', '--grant', 'client_credentials', '--scope', 'mcp:echo'], env)) as { client_id: string; client_secret: string };
  return { key, cc: ccRequest(svc.client_id, svc.client_secret, `${PUBLIC}/mcp/echo`) };
}

/** Both loads at `base`; `extra`: the load balancer's headers when `base` is a replica itself. */
async function measure(base: string, l: Load, extra: Record<string, string> = {}): Promise<PerS> {
  await load(`${base}/mcp/echo`, l.key.key, extra); // warm-up: the replica's echo process and caches
  const calls = await load(`${base}/mcp/echo`, l.key.key, extra);
  await tokenLoad(`${base}/oauth/token`, l.cc, 1, extra);
  const tokens = (await tokenLoad(`${base}/oauth/token`, l.cc, TOKEN_S, extra)).requests.average;
  return { calls, tokens };
}

/** The load balancer: each request to the next replica in turn, over kept-alive connections. */
function roundRobin(targets: string[]): Promise<{ url: string; close(): Promise<void> }> {
  let next = 0;
  return forwardingProxy(() => targets[next++ % targets.length]!, () => LB, { agent: new Agent({ keepAlive: true, maxSockets: 64 }), record: false });
}

/** Calls and tokens per second through a round-robin proxy to these replicas. */
async function balanced(replicas: ServeProc[], l: Load): Promise<PerS> {
  const lb = await roundRobin(replicas.map((r) => r.listen));
  try {
    return await measure(lb.url, l);
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

async function sqlitePerS(): Promise<PerS> {
  const t = tmpDir('gatehouse-bench-');
  const env: NodeJS.ProcessEnv = { ...process.env, GATEHOUSE_DATA_DIR: t.dir, GATEHOUSE_MASTER_KEY: randomBytes(32).toString('base64') };
  delete env.GATEHOUSE_DATABASE_URL;
  let serve: ServeProc | undefined;
  try {
    const l = await provision(env);
    serve = await startServe(SERVE_ARGS, { env });
    return await measure(serve.listen, l, LB);
  } finally {
    await serve?.stop();
    t.cleanup();
  }
}

export const team: Bench = async () => {
  const sqlite = await sqlitePerS();
  const pg = await startPostgres();
  const t = tmpDir('gatehouse-bench-');
  const replicas: ServeProc[] = [];
  try {
    const env = { ...process.env, GATEHOUSE_DATA_DIR: t.dir, GATEHOUSE_DATABASE_URL: await pg.createDatabase(), GATEHOUSE_MASTER_KEY: randomBytes(32).toString('base64') };
    await cli(['migrate'], env);
    const l = await provision(env);
    const revocable = await Promise.all(Array.from({ length: REVOCATIONS }, (_, i) => cli(['keys', 'create', '--name', `revoke ${i}`, '--allow', 'echo:*'], env) as Promise<Key>));
    replicas.push(await startServe(SERVE_ARGS, { env }));
    const postgres = await measure(replicas[0]!.listen, l, LB);
    const perS: PerS[] = [];
    for (let n = 1; n <= 3; n++) {
      while (replicas.length < n) replicas.push(await startServe(SERVE_ARGS, { env }));
      perS.push(await balanced(replicas, l));
    }
    const seen = await revocations(replicas[0]!, replicas[2]!, revocable);
    return {
      team_sqlite_calls_per_s: figure(sqlite.calls, 'per_s', 2000, 'higher'),
      team_postgres_calls_per_s: figure(postgres.calls, 'per_s', 2000, 'higher'),
      team_calls_per_s_1: figure(perS[0]!.calls, 'per_s', 2000, 'higher'),
      team_calls_per_s_2: figure(perS[1]!.calls, 'per_s', 2000, 'higher'),
      team_calls_per_s_3: figure(perS[2]!.calls, 'per_s', 2000, 'higher'),
      team_sqlite_token_cc_per_s: figure(sqlite.tokens, 'per_s', 2000, 'higher'),
      team_postgres_token_cc_per_s: figure(postgres.tokens, 'per_s', 2000, 'higher'),
      team_token_cc_per_s_1: figure(perS[0]!.tokens, 'per_s', 2000, 'higher'),
      team_token_cc_per_s_2: figure(perS[1]!.tokens, 'per_s', 2000, 'higher'),
      team_token_cc_per_s_3: figure(perS[2]!.tokens, 'per_s', 2000, 'higher'),
      team_revoke_seen_ms_p50: figure(median(seen), 'ms', 1000, 'lower'),
    };
  } finally {
    await Promise.all(replicas.map((r) => r.stop()));
    pg.stop();
    t.cleanup();
  }
};
