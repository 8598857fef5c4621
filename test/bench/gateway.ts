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

export const gateway: Bench = async () => {
  const t = tmpDir('gatehouse-bench-');
  const { core, key: masterKey } = openTestCore(t.dir);
  const procs: ChildProcess[] = [];
  try {
    const echo = await startJsonLine(process.execPath, [join(ROOT, 'test/fixtures/servers/http-echo.mjs')], process.env);
    procs.push(echo.proc);
    core.servers.add({ transport: 'http', name: 'echo', url: echo.ready.url!, headers: {} });
    core.exposure.set('echo', { exposed: true, acceptApiKeys: true });
    core.servers.add({ transport: 'stdio', name: 'echo-stdio', command: process.execPath, args: [join(ROOT, 'test/fixtures/servers/echo.mjs')], cwd: null, env: {} });
    core.exposure.set('echo-stdio', { exposed: true, acceptApiKeys: true });
    const { secret } = core.keys.create({ name: 'bench', expiresInSeconds: null, rules: [{ effect: 'allow', pattern: 'echo*:*' }], rateLimit: { limit: 1_000_000, window: 'second' } });
    const serve = await startJsonLine(process.execPath, [join(ROOT, 'bin/gatehouse'), 'serve', '--port', '0', '--json'], {
      ...process.env,
      GATEHOUSE_DATA_DIR: t.dir,
      GATEHOUSE_MASTER_KEY: masterKey,
    });
    procs.push(serve.proc);
    const viaGateway = `${serve.ready.gateway_base}echo`;

    const proxy = await startJsonLine(process.execPath, [join(ROOT, 'test/fixtures/servers/http-proxy.mjs'), echo.ready.url!], process.env);
    procs.push(proxy.proc);

    const direct = await connect(echo.ready.url!);
    const through = await connect(viaGateway, secret);
    const proxied = await connect(proxy.ready.url!);
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

    const perSecond = await throughput(`${serve.ready.gateway_base}echo-stdio`, secret);
    return {
      gateway_added_p50_ms: figure(percentile(g, 50) - percentile(d, 50), 'ms', 1, 'lower'),
      gateway_floor_added_p50_ms: figure(percentile(p, 50) - percentile(d, 50), 'ms', 1, 'lower'),
      gateway_calls_per_s: figure(perSecond, 'per_s', 2000, 'higher'),
    };
  } finally {
    for (const p of procs) p.kill('SIGTERM');
    core.close();
    t.cleanup();
  }
};
