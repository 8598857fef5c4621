// The gateway's cost against its baseline in the same run: the same streamable-HTTP
// echo server (test/fixtures/servers/http-echo.mjs) called directly and through
// `gatehouse serve`'s /mcp/<server>, with the official MCP SDK client both ways.
// Beside them, the same calls through a proxy that only forwards
// (test/fixtures/servers/http-proxy.mjs): what one more Node HTTP hop costs here by itself.
// Throughput: autocannon, 20 connections, tools/call on one session of a stdio echo
// server behind the gateway (what the gateway itself can relay, not an upstream's limit).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { postOnlyOwnSignal } from './sdk-fetch';
import { openTestCore, tmpDir } from '../helpers/core';
import autocannon from 'autocannon';
import { figure, percentile, type Bench } from './figures';

const ROOT = process.cwd();
const CALLS = 2000;
const BLOCK = 100;
const CONNECTIONS = 20;
const LOAD_MS = 5000;

export function startJsonLine(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ proc: ChildProcess; ready: Record<string, string>; stderr: () => string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stderr!.on('data', (d) => (err += d));
    proc.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve({ proc, ready: JSON.parse(out.split('\n')[0]!), stderr: () => err });
    });
    proc.on('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}: ${err}`)));
  });
}

export async function connect(url: string, token?: string): Promise<Client> {
  const c = new Client({ name: 'bench', version: '1.0.0' });
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  // Each POST its own abort signal, as the gateway does upstream: the SDK's shared one
  // piles up listeners over thousands of calls and slows every later request.
  await c.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers }, fetch: postOnlyOwnSignal }));
  return c;
}

async function latencies(c: Client, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await c.callTool({ name: 'echo', arguments: { message: 'x' } });
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return out;
}

export async function throughput(url: string, token: string, loadMs = LOAD_MS): Promise<number> {
  const session = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } });
  const c = new Client({ name: 'bench-load', version: '1.0.0' });
  await c.connect(session);
  let id = 1000;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: loadMs / 1000,
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-session-id': session.sessionId!,
      'mcp-protocol-version': session.protocolVersion ?? '2025-11-25',
    },
    // Every request its own JSON-RPC id: the session matches answers to requests by id.
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => ({
          ...req,
          body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method: 'tools/call', params: { name: 'echo', arguments: { message: 'x' } } }),
        }),
      },
    ],
  });
  await c.close();
  if (result.non2xx || result.errors) throw new Error(`gateway load: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return result.requests.average;
}

export interface BenchGateway {
  /** The HTTP upstream's own URL. */
  upstream: string;
  /** `gatehouse serve`'s gateway base (…/mcp/). */
  gatewayBase: string;
  /** The API key allowed the pattern. */
  secret: string;
  /** Starts another fixture that prints a JSON ready line (its ready line); stopped with the rest. */
  start(args: string[]): Promise<Record<string, string>>;
}

/**
 * A temp data dir with `upstream.name` (an HTTP fixture started here) and `echo-stdio` (the
 * stdio echo server), both exposed to API keys; a key allowed `pattern` with no practical rate
 * limit; `gatehouse serve` on it. Everything stops after `run`.
 */
export async function withBenchGateway<T>(upstream: { name: string; fixture: string }, pattern: string, run: (g: BenchGateway) => Promise<T>): Promise<T> {
  const t = tmpDir('gatehouse-bench-');
  const { core, key: masterKey } = openTestCore(t.dir);
  const procs: ChildProcess[] = [];
  const start = async (args: string[], env: NodeJS.ProcessEnv = process.env) => {
    const started = await startJsonLine(process.execPath, args, env);
    procs.push(started.proc);
    return started.ready;
  };
  try {
    const up = await start([join(ROOT, 'test/fixtures/servers', upstream.fixture)]);
    core.servers.add({ transport: 'http', name: upstream.name, url: up.url!, headers: {} });
    core.servers.add({ transport: 'stdio', name: 'echo-stdio', command: process.execPath, args: [join(ROOT, 'test/fixtures/servers/echo.mjs')], cwd: null, env: {} });
    for (const s of [upstream.name, 'echo-stdio']) core.exposure.set(s, { exposed: true, acceptApiKeys: true });
    const { secret } = core.keys.create({ name: 'bench', expiresInSeconds: null, rules: [{ effect: 'allow', pattern }], rateLimit: { limit: 1_000_000, window: 'second' } });
    const serve = await start([join(ROOT, 'bin/gatehouse'), 'serve', '--port', '0', '--json'], { ...process.env, GATEHOUSE_DATA_DIR: t.dir, GATEHOUSE_MASTER_KEY: masterKey });
    return await run({ upstream: up.url!, gatewayBase: serve.gateway_base!, secret, start: (args) => start(args) });
  } finally {
    for (const p of procs) p.kill('SIGTERM');
    core.close();
    t.cleanup();
  }
}

export const gateway: Bench = () =>
  withBenchGateway({ name: 'echo', fixture: 'http-echo.mjs' }, 'echo*:*', async ({ upstream, gatewayBase, secret, start }) => {
    const proxy = await start([join(ROOT, 'test/fixtures/servers/http-proxy.mjs'), upstream]);
    const direct = await connect(upstream);
    const through = await connect(`${gatewayBase}echo`, secret);
    const proxied = await connect(proxy.url!);
    await latencies(direct, 200);
    await latencies(through, 200);
    await latencies(proxied, 200);
    // Alternating blocks, so a slow spell of the machine hits both sides alike.
    const d: number[] = [];
    const g: number[] = [];
    const p: number[] = [];
    for (let done = 0; done < CALLS; done += BLOCK) {
      d.push(...(await latencies(direct, BLOCK)));
      g.push(...(await latencies(through, BLOCK)));
      p.push(...(await latencies(proxied, BLOCK)));
    }
    for (const ms of [d, g, p]) ms.sort((a, b) => a - b);
    await Promise.all([direct.close(), through.close(), proxied.close()]);

    const perSecond = await throughput(`${gatewayBase}echo-stdio`, secret);
    return {
      gateway_added_p50_ms: figure(percentile(g, 50) - percentile(d, 50), 'ms', 1, 'lower'),
      gateway_floor_added_p50_ms: figure(percentile(p, 50) - percentile(d, 50), 'ms', 1, 'lower'),
      gateway_calls_per_s: figure(perSecond, 'per_s', 2000, 'higher'),
    };
  });
