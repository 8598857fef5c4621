// `serve` operated as a service: JSON log lines on stdout that a collector can parse and
// that never hold a secret, through a realistic run (registration, tokens, gateway calls
// with JWTs and API keys, introspection, revocation, a sign-in with cookies); and SIGTERM,
// which lets a call in flight finish while new connections are refused, then exits 0
// with the call in the audit log.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tmpDir } from '../helpers/core';
import { poll } from './guard-harness';
import { forwardingProxy, gatehouse, lbHeaders, mcp, PUBLIC, raw, startServe, type Proxy, type ServeProc } from './team-harness';

interface Home {
  env: NodeJS.ProcessEnv;
  gated: string;
  apiKey: string;
  svc: { client_id: string; client_secret: string };
  cleanup(): void;
}

async function makeHome(): Promise<Home> {
  const t = tmpDir('gatehouse-ops-');
  const gated = join(t.dir, 'gated');
  mkdirSync(gated);
  const env = { ...process.env, GATEHOUSE_DATA_DIR: t.dir, GATEHOUSE_MASTER_KEY: randomBytes(32).toString('base64') };
  const run = async (args: string[]) => {
    const r = await gatehouse([...args, '--json'], env);
    if (r.code !== 0) throw new Error(`gatehouse ${args.join(' ')}: ${r.stderr}`);
    return JSON.parse(r.stdout) as Record<string, string>;
  };
  await run(['servers', 'add', 'everything', '--command', 'node', '--arg', 'test/fixtures/servers/echo.mjs']);
  await run(['servers', 'add', 'gated', '--command', 'node', '--arg', 'test/fixtures/servers/gated.mjs', '--env', `GATED_DIR=${gated}`]);
  await run(['servers', 'expose', 'everything', '--api-keys']);
  await run(['servers', 'expose', 'gated', '--api-keys']);
  const { key } = await run(['keys', 'create', '--name', 'ops', '--allow', 'everything:*', '--allow', 'gated:*', '--expires', '30d']);
  const svc = (await run(['oauth', 'clients', 'create', '--name', 'svc', '--grant', 'client_credentials', '--scope', 'mcp:everything'])) as Home['svc'];
  return { env, gated, apiKey: key!, svc, cleanup: t.cleanup };
}

const form = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  body: new URLSearchParams(fields).toString(),
});
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

describe('JSON logs of a realistic run', () => {
  let home: Home;
  let serve: ServeProc;
  let lb: Proxy;
  const secrets: string[] = [];
  const keep = (...values: (string | undefined)[]) => values.forEach((v) => v && secrets.push(v));

  beforeAll(async () => {
    home = await makeHome();
    keep(home.apiKey, home.svc.client_secret, home.env.GATEHOUSE_MASTER_KEY);
    serve = await startServe(['--public-url', PUBLIC, '--trust-proxy', '--log-level', 'debug'], { env: home.env });
    lb = await forwardingProxy(serve.listen, lbHeaders('203.0.113.7'));
    await realisticRun();
    await serve.stop();
  });
  afterAll(async () => {
    await lb?.close();
    home?.cleanup();
  });

  async function realisticRun(): Promise<void> {
    // Dynamic registration: a client secret and a registration access token come back.
    const reg = (await (
      await fetch(`${lb.url}/oauth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ redirect_uris: ['http://127.0.0.1:9/cb'], client_name: 'logs' }) })
    ).json()) as Record<string, string>;
    keep(reg.client_secret, reg.registration_access_token);
    // A token (client_credentials, Basic auth), gateway calls with it and with an API key.
    const tokenRes = await fetch(`${lb.url}/oauth/token`, {
      method: 'POST',
      ...form({ grant_type: 'client_credentials', resource: `${PUBLIC}/mcp/everything`, scope: 'mcp:everything' }, { authorization: basic(home.svc.client_id, home.svc.client_secret) }),
    });
    const token = ((await tokenRes.json()) as { access_token: string }).access_token;
    keep(token);
    expect((await (await mcp(`${lb.url}/mcp/everything`, token)).call('echo')).status).toBe(200);
    expect((await (await mcp(`${lb.url}/mcp/everything`, home.apiKey)).call('echo')).status).toBe(200);
    // Credentials where they must not be: in the query string, refused.
    expect((await fetch(`${lb.url}/mcp/everything?access_token=${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(400);
    const loginToken = randomBytes(32).toString('base64url');
    keep(loginToken);
    expect((await fetch(`${lb.url}/admin/login?token=${loginToken}`)).status).toBe(401);
    // Introspection and revocation, authenticated with the client secret in the form.
    const auth = { client_id: home.svc.client_id, client_secret: home.svc.client_secret, token };
    expect((await fetch(`${lb.url}/oauth/introspect`, { method: 'POST', ...form(auth) })).status).toBe(200);
    expect((await fetch(`${lb.url}/oauth/revoke`, { method: 'POST', ...form(auth) })).status).toBe(200);
    // A sign-in: oidc-provider's cookies, sent back on the consent page; an admin cookie that is not valid.
    const q = new URLSearchParams({ client_id: reg.client_id!, response_type: 'code', redirect_uri: 'http://127.0.0.1:9/cb', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256', resource: `${PUBLIC}/mcp/everything`, scope: 'mcp:everything' });
    const authorize = await raw(`${lb.url}/oauth/authorize?${q}`);
    const cookies = (authorize.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]!);
    // `_interaction` holds the sign-in's uid, an identifier that is in the consent URL by
    // design; the signatures next to it (and any session cookie) are the secrets.
    keep(...cookies.filter((c) => !/^_interaction(_resume)?=/.test(c)).map((c) => c.slice(c.indexOf('=') + 1)));
    expect(cookies.some((c) => c.includes('.sig='))).toBe(true);
    const adminCookie = randomBytes(32).toString('base64url');
    keep(adminCookie);
    const consent = await raw(`${lb.url}${authorize.headers.location}`, { headers: { cookie: [...cookies, `gh_session=${adminCookie}`].join('; ') } });
    expect(consent.status).toBe(200);
  }

  it('writes only JSON lines on stdout, each with a time, a level and a message', () => {
    expect(serve.out.length).toBeGreaterThan(10);
    for (const line of serve.out) {
      const r = JSON.parse(line) as Record<string, unknown>;
      expect(r).toMatchObject({ time: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/), level: expect.stringMatching(/^(debug|info|warn|error)$/), msg: expect.any(String) });
    }
  });

  it('holds no secret: keys, tokens, client secrets, cookies, sign-in tokens, the master key', () => {
    expect(secrets.length).toBeGreaterThanOrEqual(9);
    const all = serve.out.join('\n') + serve.err();
    for (const s of secrets) expect(all.split('\n').find((l) => l.includes(s)), `a secret of ${s.length} characters is in the log`).toBeUndefined();
    expect(all).not.toMatch(/ghk_[A-Za-z0-9]|eyJ[A-Za-z0-9_-]+\.|Bearer |Basic |gh_session=|_interaction=|[?&](token|access_token|code)=/i);
  });

  it('has one event per line: start, ready, a summary of every AS and gateway request (from the address the proxy saw), shutdown', () => {
    const records = serve.records();
    const events = records.map((r) => r.event);
    expect(events[0]).toBe('start');
    expect(events[1]).toBe('ready');
    expect(events.slice(-2)).toEqual(['shutdown', 'stopped']);
    const requests = records.filter((r) => r.event === 'request');
    for (const path of ['/oauth/register', '/oauth/token', '/mcp/everything', '/oauth/introspect', '/oauth/revoke', '/oauth/authorize', '/admin/login']) {
      expect(requests.find((r) => r.path === path), path).toMatchObject({ level: 'info', method: expect.any(String), status: expect.any(Number), ms: expect.any(Number), client: '203.0.113.7' });
    }
    expect(requests.find((r) => r.path === '/mcp/everything' && r.status === 400)).toBeDefined();
    expect(requests.every((r) => !String(r.path).includes('?'))).toBe(true);
  });
});

describe('SIGTERM', () => {
  let home: Home;
  let serve: ServeProc | undefined;
  beforeAll(async () => {
    home = await makeHome();
  });
  afterEach(async () => {
    await serve?.stop();
    serve = undefined;
    for (const f of ['started', 'release', 'pid']) rmSync(join(home.gated, f), { force: true });
  });
  afterAll(() => home?.cleanup());

  async function callInFlight(drainSeconds: string) {
    serve = await startServe(['--log-format', 'json', '--drain-seconds', drainSeconds], { env: home.env });
    const session = await mcp(`${serve.listen}/mcp/gated`, home.apiKey);
    // Settled either way, so a call cut at shutdown is an outcome to check, not an unhandled rejection.
    const call = session.call('wait', 7).then(
      (answer) => ({ answer, error: null }),
      (error: unknown) => ({ answer: null, error }),
    );
    await poll(() => (existsSync(join(home.gated, 'started')) ? true : undefined), 10_000, 'the call to reach the server');
    return { home, serve, call, session };
  }

  const refused = (url: string) =>
    new Promise<boolean>((resolve) => {
      const u = new URL(url);
      const socket = connect(Number(u.port), u.hostname);
      socket.once('connect', () => (socket.destroy(), resolve(false)));
      socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
    });

  it('lets the call in flight finish without waiting for the event stream, refuses new connections meanwhile, flushes the audit and exits 0', async () => {
    const { home, serve: s, call, session } = await callInFlight('30');
    const stream = await session.listen();
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const streamEnded = stream.text().then(
      () => 'ended',
      () => 'cut',
    );
    s.proc.kill('SIGTERM');
    await poll(async () => ((await refused(s.listen)) ? true : undefined), 10_000, 'new connections refused');
    expect(s.proc.exitCode).toBeNull();
    writeFileSync(join(home.gated, 'release'), '');
    const { answer } = await call;
    expect(answer).toMatchObject({ status: 200, text: expect.stringContaining('released') });
    expect(await s.exited).toEqual({ code: 0, signal: null });
    const events = s.records().map((r) => (r.event === 'request' ? `${r.path} ${r.status}` : r.event));
    expect(events.slice(events.indexOf('shutdown'))).toEqual(['shutdown', '/mcp/gated 200', 'stopped']);
    expect(s.records().at(-1)).toMatchObject({ drained: true });
    // Closed with its session once the call was done, not waited for (the drain allowed 30 s).
    expect(await streamEnded).toMatch(/^(ended|cut)$/);
    const audit = await gatehouse(['audit', '--server', 'gated', '--json'], home.env);
    const rows = (JSON.parse(audit.stdout) as { events: { tool: string; decision: string }[] }).events;
    expect(rows).toContainEqual(expect.objectContaining({ tool: 'wait', decision: 'allowed' }));
  });

  /** The stdio server the call is stuck in; it must not outlive serve. */
  const serverPid = () => Number(readFileSync(join(home.gated, 'pid'), 'utf8'));
  /** Running: signalable and not a zombie left for an init that does not reap. */
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
    } catch {
      return false;
    }
    const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
    return !/^\d+ \(.*\) Z/.test(stat);
  };

  it('cuts what is still running after --drain-seconds, says so, and still exits 0, leaving no server process behind', async () => {
    const { serve: s, call } = await callInFlight('0.5');
    const pid = serverPid();
    s.proc.kill('SIGTERM');
    expect(await s.exited).toEqual({ code: 0, signal: null });
    await poll(() => (alive(pid) ? undefined : true), 10_000, `the stdio server (pid ${pid}) to end with serve`);
    expect((await call).error).toBeInstanceOf(Error);
    expect(s.records().find((r) => r.event === 'drain_timeout')).toMatchObject({ level: 'warn', cut: 1 });
    expect(s.records().at(-1)).toMatchObject({ event: 'stopped', drained: false });
  });

  it('exits at once on a second signal, leaving no server process behind', async () => {
    const { serve: s, call } = await callInFlight('30');
    const pid = serverPid();
    s.proc.kill('SIGTERM');
    await poll(() => (s.records().some((r) => r.event === 'shutdown') ? true : undefined), 10_000, 'the shutdown line');
    s.proc.kill('SIGINT');
    expect(await s.exited).toEqual({ code: 1, signal: null });
    await poll(() => (alive(pid) ? undefined : true), 10_000, `the stdio server (pid ${pid}) to end with serve`);
    expect((await call).error).toBeInstanceOf(Error);
    expect(s.records().at(-1)).toMatchObject({ event: 'shutdown_forced', signal: 'SIGINT' });
  });
});
