// Issue 17's promise, proved on the built app: three `gatehouse serve --database-url`
// replicas on one real PostgreSQL database, behind a round-robin load balancer written
// here (and one pinned proxy per replica, so a step can name the replica it goes
// through). Any replica answers any request: a token issued through one is taken by the
// others, a key revoked through one is refused by all within a second, the signing keys
// are made once although the replicas start at once, admin links and sessions work
// through any replica, and a replica killed mid-load loses none of the audit rows it had
// committed. 2026-07-28 stateless calls need no sticky balancer.
import { randomBytes } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tmpDir } from '../helpers/core';
import { startPostgres, type PgServer } from '../helpers/postgres';
import { postgresSql } from '../../src-main/core/db/sql-postgres';
import { redactDatabaseUrl } from '../../src-main/core/db/database-url';
import type { Sql } from '../../src-main/core/db/sql';
import { initialize } from './gateway-initialize';
import { echo, forwardingProxy, gatehouse, gatehouseJson, lbHeaders, listenOnLoopback, PUBLIC, raw, startServe, viaProxy, type Proxy, type ServeProc } from './team-harness';

const RESOURCE = `${PUBLIC}/mcp/echo`;
const REPLICAS = 3;

interface RoundRobin {
  url: string;
  /** Requests sent to each replica so far. */
  counts: number[];
  close(): Promise<void>;
}

/** The load balancer: each request to the next replica in turn, a dead one skipped (502 → next). */
async function roundRobin(targets: () => string[]): Promise<RoundRobin> {
  let next = 0;
  const counts = targets().map(() => 0);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const attempt = (tries: number) => {
        const all = targets();
        const i = next++ % all.length;
        const t = new URL(all[i]!);
        const headers = { ...req.headers, host: t.host, ...lbHeaders()() };
        const up = request({ hostname: t.hostname, port: t.port, path: req.url, method: req.method, headers }, (answer) => {
          counts[i]!++;
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        up.on('error', () => {
          if (tries < all.length) return attempt(tries + 1);
          if (!res.headersSent) res.writeHead(502);
          res.end();
        });
        up.end(body);
      };
      attempt(1);
    });
  });
  return { ...(await listenOnLoopback(server)), counts };
}

let pg: PgServer;
let db: Sql;
let env: NodeJS.ProcessEnv;
let cleanup: () => void;
const replicas: ServeProc[] = [];
const pinned: Proxy[] = [];
let lb: RoundRobin;
let svc: { client_id: string; client_secret: string };
let key: { id: string; key: string };
let loadKey: { id: string; key: string };
let limitedKey: { id: string; key: string };

const cli = (args: string[]) => gatehouseJson(args, env);

beforeAll(async () => {
  pg = await startPostgres();
  const url = await pg.createDatabase();
  const t = tmpDir('gatehouse-team-');
  cleanup = t.cleanup;
  env = { ...process.env, GATEHOUSE_DATA_DIR: t.dir, GATEHOUSE_DATABASE_URL: url, GATEHOUSE_MASTER_KEY: randomBytes(32).toString('base64') };
  await cli(['migrate']);
  await cli(['servers', 'add', 'echo', '--command', 'node', '--arg', 'test/fixtures/servers/echo.mjs']);
  await cli(['servers', 'expose', 'echo', '--api-keys']);
  svc = (await cli(['oauth', 'clients', 'create', '--name', 'svc', '--grant', 'client_credentials', '--scope', 'mcp:echo'])) as typeof svc;
  key = (await cli(['keys', 'create', '--name', 'team key', '--allow', 'echo:*'])) as typeof key;
  loadKey = (await cli(['keys', 'create', '--name', 'load key', '--allow', 'echo:*'])) as typeof loadKey;
  limitedKey = (await cli(['keys', 'create', '--name', 'limited key', '--allow', 'echo:*', '--rate', '100/hour'])) as typeof limitedKey;
  db = postgresSql(url);
  // All three at once: they race to make the signing keys.
  const args = ['--public-url', PUBLIC, '--trust-proxy', '--log-format', 'text', '--json'];
  replicas.push(...(await Promise.all(Array.from({ length: REPLICAS }, () => startServe(args, { env })))));
  for (const r of replicas) pinned.push(await forwardingProxy(r.listen, lbHeaders()));
  lb = await roundRobin(() => replicas.filter((r) => r.proc.exitCode === null && r.proc.signalCode === null).map((r) => r.listen));
}, 120_000);

afterAll(async () => {
  await lb?.close();
  for (const p of pinned) await p.close();
  await Promise.all(replicas.map((r) => r.stop()));
  db?.close();
  pg?.stop();
  cleanup?.();
});

describe('--database-url on the command line', () => {
  it('is taken by every command that opens the store, before or after its name, as well as from GATEHOUSE_DATABASE_URL', async () => {
    const { GATEHOUSE_DATABASE_URL: url, ...noUrl } = env;
    const before = await gatehouse(['--database-url', url!, 'keys', 'list', '--json'], noUrl);
    expect(before.code).toBe(0);
    const after = await gatehouse(['keys', 'list', '--json', '--database-url', url!], noUrl);
    expect(JSON.parse(after.stdout)).toEqual(JSON.parse(before.stdout));
    expect((JSON.parse(before.stdout) as { name: string }[]).map((k) => k.name)).toContain('team key');
  });

  it('doctor names the database, its password redacted, not the data dir (whose SQLite file team mode does not use)', async () => {
    const { GATEHOUSE_DATABASE_URL: url, ...noUrl } = env;
    const withPassword = url!.replace('postgres@', 'postgres:doctor-s3cret@'); // the test server trusts; the password is never sent
    const text = await gatehouse(['doctor', '--database-url', withPassword], noUrl);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`Gatehouse doctor — database ${redactDatabaseUrl(withPassword)}\n`);
    expect(redactDatabaseUrl(withPassword)).toContain('postgres:***@');
    expect(text.stdout).not.toMatch(/data dir|database permissions/);
    const json = JSON.parse((await gatehouse(['doctor', '--json', '--database-url', withPassword], noUrl)).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ ok: true, database: redactDatabaseUrl(withPassword), dataDir: null });
    expect(`${text.stdout}${text.stderr}${JSON.stringify(json)}`).not.toContain('doctor-s3cret');
  });

  it('makes serve refuse a database without the current schema, naming gatehouse migrate', async () => {
    const fresh = await pg.createDatabase();
    const r = await gatehouse(['serve', '--port', '0', '--json', '--database-url', fresh], env);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stderr)).toMatchObject({ error: { code: 'SCHEMA_TOO_OLD' } });
    expect(r.stderr).toContain('gatehouse migrate --database-url URL');
  });
});

describe('three serve replicas on one PostgreSQL database', () => {
  it('made the signing keys once although the replicas started at once: every replica serves the same JWKS', async () => {
    const sets = await Promise.all(pinned.map(async (p) => (await (await viaProxy(p)(`${PUBLIC}/oauth/jwks`)).json()) as { keys: { kid: string }[] }));
    const kids = sets.map((s) => s.keys.map((k) => k.kid).sort().join(','));
    expect(kids[0]).not.toBe('');
    expect(new Set(kids).size).toBe(1);
    const stored = db.get<{ n: number }>('SELECT count(*) AS n FROM oauth_signing_keys')!.n;
    expect(stored).toBe(sets[0]!.keys.length);
  });

  it('takes a token issued through replica A at replicas B and C; introspection at C, revocation at B, refused everywhere within 1 s', async () => {
    const [a, b, c] = pinned.map((p) => viaProxy(p));
    const opts = (f: typeof fetch) => ({ [oauth.customFetch]: f });
    const as = await oauth.processDiscoveryResponse(new URL(PUBLIC), await oauth.discoveryRequest(new URL(PUBLIC), { algorithm: 'oauth2', ...opts(a!) }));
    const client = { client_id: svc.client_id };
    const auth = oauth.ClientSecretBasic(svc.client_secret);
    const res = await oauth.clientCredentialsGrantRequest(as, client, auth, { resource: RESOURCE, scope: 'mcp:echo' }, opts(a!));
    const token = (await oauth.processClientCredentialsResponse(as, client, res)).access_token;
    for (const p of pinned.slice(1)) expect((await echo(p.url, token, 'through another replica')).status).toBe(200);
    // A 2025-era session opens at any replica too (its later requests must then come back to it).
    expect((await initialize(`${pinned[2]!.url}/mcp/echo`, token)).status).toBe(200);
    const live = await oauth.processIntrospectionResponse(as, client, await oauth.introspectionRequest(as, client, auth, token, opts(c!)));
    expect(live.active).toBe(true);
    await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, auth, token, opts(b!)));
    const revokedAt = performance.now();
    const refusedEverywhere = async () => (await Promise.all(pinned.map((p) => echo(p.url, token, 'after revocation')))).every((r) => r.status === 401);
    await expect.poll(refusedEverywhere, { interval: 20, timeout: 1000 }).toBe(true);
    console.log(`team: a revoked token refused by all replicas ${Math.round(performance.now() - revokedAt)} ms after the revocation answered (the time of the checks' own calls included)`);
  });

  it('signs the admin in through replica B with the link replica A printed, and the session works at C (the audit screen too)', async () => {
    const link = replicas[0]!.ready.admin_url!.replace(PUBLIC, pinned[1]!.url);
    const login = await raw(link);
    expect(login.status).toBe(303);
    const session = (login.headers['set-cookie'] ?? [])[0]!.split(';')[0]!;
    const status = await raw(`${pinned[2]!.url}/admin/api/system.status`, {
      method: 'POST',
      headers: { cookie: session, origin: PUBLIC, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(status.status).toBe(200);
    // The audit screen's page comes from C's read thread, on its own PostgreSQL connection.
    const audit = await raw(`${pinned[2]!.url}/admin/api/audit.query`, {
      method: 'POST',
      headers: { cookie: session, origin: PUBLIC, 'content-type': 'application/json' },
      body: JSON.stringify({ limit: 5 }),
    });
    expect(audit.status).toBe(200);
    expect((JSON.parse(audit.text) as { data: { events: unknown[] } }).data.events.length).toBeGreaterThan(0);
    // The link works once, at any replica.
    expect((await raw(replicas[0]!.ready.admin_url!.replace(PUBLIC, pinned[2]!.url))).status).toBe(401);
  });

  it('refuses an API key revoked through replica A at every replica within 1 s', async () => {
    for (const p of pinned) expect((await echo(p.url, key.key, 'before')).status).toBe(200);
    const login = await raw(replicas[1]!.ready.admin_url!.replace(PUBLIC, pinned[1]!.url));
    const session = (login.headers['set-cookie'] ?? [])[0]!.split(';')[0]!;
    const revoked = await raw(`${pinned[0]!.url}/admin/api/keys.revoke`, {
      method: 'POST',
      headers: { cookie: session, origin: PUBLIC, 'content-type': 'application/json' },
      body: JSON.stringify({ id: key.id }),
    });
    expect(revoked.status).toBe(200);
    const revokedAt = performance.now();
    const refusedEverywhere = async () => (await Promise.all(pinned.map((p) => echo(p.url, key.key, 'after')))).every((r) => r.status === 401);
    await expect.poll(refusedEverywhere, { interval: 20, timeout: 1000 }).toBe(true);
    console.log(`team: a revoked API key refused by all replicas ${Math.round(performance.now() - revokedAt)} ms after the revocation answered (the time of the checks' own calls included)`);
  });

  it('shares a rate limit among the replicas exactly: a key limited to 100 an hour gets 100 calls through three replicas', async () => {
    let allowed = 0;
    let limited = 0;
    const worker = async () => {
      for (let i = 0; i < 25; i++) {
        const r = await echo(lb.url, limitedKey.key, 'limited');
        if (r.status === 200 && r.text.includes('"result"')) allowed++;
        else if (r.text.includes('rate limit reached')) limited++;
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
    console.log(`team rate limit: ${allowed} allowed, ${limited} limited of 150, per replica ${lb.counts.join('/')}`);
    expect(allowed + limited).toBe(150);
    expect(Math.abs(allowed - 100)).toBeLessThanOrEqual(1);
  });

  it('loses none of the calls it acknowledged when a replica is killed (SIGKILL) mid-load: each has its audit row', async () => {
    const victim = replicas[2]!;
    let acknowledged = 0;
    let lost = 0;
    let killed = false;
    const worker = async (w: number) => {
      for (let i = 0; i < 60; i++) {
        const r = await echo(lb.url, loadKey.key, `load ${w}-${i}`);
        // An answer (a result, or a refusal such as the rate limit's): each is on record.
        if (r.status === 200 && r.text.includes('"jsonrpc"')) acknowledged++;
        else lost++;
        if (!killed && acknowledged >= 60) {
          killed = true;
          victim.proc.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 6 }, (_, w) => worker(w)));
    expect(killed).toBe(true);
    expect(await victim.exited).toMatchObject({ signal: 'SIGKILL' });
    const rows = () => db.get<{ n: number }>("SELECT count(*) AS n FROM audit_events WHERE principal_id = ? AND method = 'tools/call'", [loadKey.id])!.n;
    // Every acknowledged answer's row was committed before the answer left its replica.
    expect(rows()).toBeGreaterThanOrEqual(acknowledged);
    console.log(`team load: ${acknowledged} calls answered, ${lost} not, ${rows()} audit rows, per replica ${lb.counts.join('/')}`);
  });
});
