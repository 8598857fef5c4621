// The gateway's cost against its baseline in the same run: the same streamable-HTTP
// echo server (test/fixtures/servers/http-echo.mjs) called directly and through
// `gatehouse serve`'s /mcp/<server>, with the official MCP SDK client both ways.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { openTestCore, tmpDir } from '../helpers/core';
import { figure, percentile, type Bench } from './figures';

const ROOT = process.cwd();
const CALLS = 2000;
const CONNECTIONS = 20;
const LOAD_MS = 5000;

function startJsonLine(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ proc: ChildProcess; ready: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stderr!.on('data', (d) => (err += d));
    proc.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve({ proc, ready: JSON.parse(out.split('\n')[0]!) });
    });
    proc.on('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}: ${err}`)));
  });
}

async function connect(url: string, token?: string): Promise<Client> {
  const c = new Client({ name: 'bench', version: '1.0.0' });
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  await c.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return c;
}

async function latencies(c: Client, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await c.callTool({ name: 'echo', arguments: { message: 'x' } });
    out.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return out.sort((a, b) => a - b);
}

async function throughput(clients: Client[], ms: number): Promise<number> {
  let calls = 0;
  const until = Date.now() + ms;
  await Promise.all(
    clients.map(async (c) => {
      while (Date.now() < until) {
        await c.callTool({ name: 'echo', arguments: { message: 'x' } });
        calls++;
      }
    }),
  );
  return calls / (ms / 1000);
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
    const { secret } = core.keys.create({ name: 'bench', expiresInSeconds: null, rules: [{ effect: 'allow', pattern: 'echo:*' }], rateLimit: { limit: 1_000_000, window: 'second' } });
    const serve = await startJsonLine(process.execPath, [join(ROOT, 'bin/gatehouse'), 'serve', '--port', '0', '--json'], {
      ...process.env,
      GATEHOUSE_DATA_DIR: t.dir,
      GATEHOUSE_MASTER_KEY: masterKey,
    });
    procs.push(serve.proc);
    const viaGateway = `${serve.ready.gateway_base}echo`;

    const direct = await connect(echo.ready.url!);
    const through = await connect(viaGateway, secret);
    await latencies(direct, 200);
    await latencies(through, 200);
    const d = await latencies(direct, CALLS);
    const g = await latencies(through, CALLS);
    await direct.close();
    await through.close();

    const clients = await Promise.all(Array.from({ length: CONNECTIONS }, () => connect(viaGateway, secret)));
    await throughput(clients, 500);
    const perSecond = await throughput(clients, LOAD_MS);
    await Promise.all(clients.map((c) => c.close()));
    return {
      gateway_added_p50_ms: figure(percentile(g, 50) - percentile(d, 50), 'ms', 1, 'lower'),
      gateway_calls_per_s: figure(perSecond, 'per_s', 2000, 'higher'),
    };
  } finally {
    for (const p of procs) p.kill('SIGTERM');
    core.close();
    t.cleanup();
  }
};
