// Remote servers of both eras behind `gatehouse serve`'s gateway and `gatehouse guard`'s
// bridge: a stateless server that speaks only 2026-07-28 (@modelcontextprotocol/server
// 2.x), and a 2025-11-25 server that closes each call's event stream after a priming
// event and answers only on a GET that resumes it.
import { spawn, type ChildProcess } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { Client as ClientV2 } from '@modelcontextprotocol/client';
import { StdioClientTransport as StdioClientTransportV2 } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureInfo, startFixtureServer, type FixtureServer } from '../helpers/fixture-server';
import { GATEHOUSE, makeHome, type TestHome } from './guard-harness';

const procs: ChildProcess[] = [];
let home: TestHome;
let gateway: string;
let modern: FixtureServer;
let resuming: FixtureServer;
let key: { id: string; secret: string };
const RETRY_MS = 400;

async function serve(h: TestHome): Promise<{ gateway_base: string }> {
  const p = spawn(process.execPath, [GATEHOUSE, 'serve', '--port', '0', '--json'], { env: h.env(), stdio: ['ignore', 'pipe', 'pipe'] });
  procs.push(p);
  return new Promise((resolve, reject) => {
    p.stdout!.once('data', (d: Buffer) => resolve(JSON.parse(d.toString().split('\n')[0]!)));
    p.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
  });
}

beforeAll(async () => {
  modern = await startFixtureServer('modern-only.mjs', { MODERN_TOKEN: 'modern-secret' });
  resuming = await startFixtureServer('resuming.mjs', { RESUME_RETRY_MS: String(RETRY_MS) });
  home = makeHome([]);
  home.core.servers.add({ transport: 'http', name: 'modern', url: modern.url, headers: { Authorization: 'Bearer modern-secret' } });
  home.core.servers.add({ transport: 'http', name: 'resuming', url: resuming.url, headers: {} });
  for (const s of ['modern', 'resuming']) home.core.exposure.set(s, { exposed: true, acceptApiKeys: true });
  key = home.newKey('laptop', [{ effect: 'allow', pattern: 'modern:*' }, { effect: 'deny', pattern: 'modern:region' }, { effect: 'allow', pattern: 'resuming:*' }]);
  gateway = (await serve(home)).gateway_base;
});
afterAll(async () => {
  for (const p of procs) p.kill('SIGTERM');
  await Promise.all(procs.map((p) => new Promise((r) => (p.exitCode !== null ? r(null) : p.once('exit', r)))));
  await modern.stop();
  await resuming.stop();
  home.close();
});

function viaGateway(server: string): Promise<Client> {
  const c = new Client({ name: 'legacy-client', version: '1.0.0' });
  return c.connect(new StreamableHTTPClientTransport(new URL(`${gateway}${server}`), { requestInit: { headers: { Authorization: `Bearer ${key.secret}` } } })).then(() => c);
}

const guardTransport = (server: string) => ({ command: process.execPath, args: [GATEHOUSE, 'guard', '--server', server], env: home.env(key.secret), stderr: 'pipe' as const });

describe('a remote server that speaks only 2026-07-28', () => {
  it('is protected behind the gateway: a 2025 client lists (filtered) and calls', async () => {
    const c = await viaGateway('modern');
    expect((await c.listTools()).tools.map((t) => t.name).sort()).toEqual(['confirm', 'echo']); // region denied, broken left out
    expect(JSON.stringify((await c.callTool({ name: 'echo', arguments: { message: 'through the gateway' } })).content)).toContain('through the gateway');
    await expect(c.callTool({ name: 'region', arguments: { region: 'x' } })).rejects.toThrow(/region/);
    await c.close();
    const seen = await fixtureInfo<{ method: string | null; headers: Record<string, string> }[]>(modern.url, '/seen');
    expect(seen.some((s) => s.method === 'initialize')).toBe(false);
    expect(seen.filter((s) => s.method === 'tools/call').every((s) => s.headers['mcp-protocol-version'] === '2026-07-28' && s.headers.authorization === 'Bearer modern-secret')).toBe(true);
  });

  it('is protected behind the guard: the 2025 SDK client (answering an input request) and the SDK v2 client (which probes server/discover) both call it', async () => {
    const v1 = new Client({ name: 'stdio-2025', version: '1.0.0' }, { capabilities: { elicitation: {} } });
    v1.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'accept', content: { yes: true } }));
    await v1.connect(new StdioClientTransport(guardTransport('modern')));
    expect(JSON.stringify((await v1.callTool({ name: 'echo', arguments: { message: 'v1 over stdio' } })).content)).toContain('v1 over stdio');
    // The server's input request (multi round-trip) reaches the 2025 client as an elicitation request.
    expect(JSON.stringify((await v1.callTool({ name: 'confirm', arguments: { action: 'ship' } })).content)).toContain('did ship');
    await v1.close();

    const v2 = new ClientV2({ name: 'stdio-2026', version: '2.0.0' }, { versionNegotiation: { mode: 'auto' } });
    await v2.connect(new StdioClientTransportV2(guardTransport('modern')));
    expect(v2.getNegotiatedProtocolVersion()).toBe('2026-07-28');
    expect((await v2.listTools()).tools.map((t) => t.name)).toContain('echo');
    expect(JSON.stringify((await v2.callTool({ name: 'echo', arguments: { message: 'v2 over stdio' } })).content)).toContain('v2 over stdio');
    await v2.close();
  });
});

describe('a 2025-11-25 server that closes a call’s stream and answers on the resumed one', () => {
  it('answers through the gateway and through the guard within the retry plus the call’s own time', async () => {
    const c = await viaGateway('resuming');
    const started = performance.now();
    const r = await c.callTool({ name: 'slow_echo', arguments: { message: 'resumed' } }, undefined, { timeout: 10_000 });
    expect(JSON.stringify(r.content)).toContain('echo: resumed');
    expect(performance.now() - started).toBeGreaterThanOrEqual(RETRY_MS - 50);
    await c.close();

    const g = new Client({ name: 'stdio', version: '1.0.0' });
    await g.connect(new StdioClientTransport(guardTransport('resuming')));
    const viaGuard = await g.callTool({ name: 'slow_echo', arguments: { message: 'bridged' } }, undefined, { timeout: 10_000 });
    expect(JSON.stringify(viaGuard.content)).toContain('echo: bridged');
    await g.close();

    const stats = await fixtureInfo<{ resumes: { lastEventId: string | null; session: string | null }[] }>(resuming.url, '/stats');
    expect(stats.resumes.filter((r) => r.lastEventId).map((r) => r.session)).toEqual(['resume-session-1', 'resume-session-1']);
  });
});
