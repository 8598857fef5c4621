// What operating `serve` as a service costs, each beside its baseline in the same run:
// gateway throughput (autocannon, 20 connections, tools/call on a stdio echo server)
// with a JSON log line per request on stdout (`--public-url … --log-format json`, the
// team-mode default) against the loopback default (text, warnings only); and how many
// `/readyz` polls a second one replica answers (its database check is reused for a second).
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { openTestCore, tmpDir } from '../helpers/core';
import { figure, type Bench } from './figures';
import { throughput } from './gateway';

const ROOT = process.cwd();
const ROUNDS = 2;
const LOAD_MS = 3000;

/** Starts serve and resolves with where it listens, from the --json ready line or the JSON `ready` event. */
function startServe(args: string[], env: NodeJS.ProcessEnv): Promise<{ proc: ChildProcess; listen: string; lines: () => number }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [join(ROOT, 'bin/gatehouse'), 'serve', '--port', '0', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let partial = '';
    let lines = 0;
    let err = '';
    proc.stderr!.on('data', (d) => (err += d));
    proc.stdout!.setEncoding('utf8').on('data', (d: string) => {
      const parts = (partial + d).split('\n');
      partial = parts.pop()!;
      lines += parts.length;
      const ready = parts.map((l) => JSON.parse(l) as Record<string, string>).find((r) => r.listen);
      if (ready) resolve({ proc, listen: ready.listen!, lines: () => lines });
    });
    proc.on('exit', (code) => reject(new Error(`serve ${args.join(' ')} exited ${code}: ${err}`)));
  });
}

async function readyzPerSecond(listen: string): Promise<number> {
  const result = await autocannon({ url: `${listen}/readyz`, connections: 20, duration: LOAD_MS / 1000 });
  if (result.non2xx || result.errors) throw new Error(`readyz load: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return result.requests.average;
}

export const ops: Bench = async () => {
  const t = tmpDir('gatehouse-bench-ops-');
  const { core, key } = openTestCore(t.dir);
  const procs: ChildProcess[] = [];
  try {
    core.servers.add({ transport: 'stdio', name: 'echo-stdio', command: process.execPath, args: [join(ROOT, 'test/fixtures/servers/echo.mjs')], cwd: null, env: {} });
    core.exposure.set('echo-stdio', { exposed: true, acceptApiKeys: true });
    const { secret } = core.keys.create({ name: 'bench', expiresInSeconds: null, rules: [{ effect: 'allow', pattern: 'echo*:*' }], rateLimit: { limit: 1_000_000, window: 'second' } });
    core.audit.flush();
    const env = { ...process.env, GATEHOUSE_DATA_DIR: t.dir, GATEHOUSE_MASTER_KEY: key };
    const text = await startServe(['--json'], env);
    const json = await startServe(['--public-url', 'https://gh.example.test', '--log-format', 'json'], env);
    procs.push(text.proc, json.proc);
    // Alternating rounds, so a slow spell of the machine hits both alike.
    const rates = { text: [] as number[], json: [] as number[] };
    for (let i = 0; i < ROUNDS; i++) {
      rates.text.push(await throughput(`${text.listen}/mcp/echo-stdio`, secret, LOAD_MS));
      rates.json.push(await throughput(`${json.listen}/mcp/echo-stdio`, secret, LOAD_MS));
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    if (json.lines() < mean(rates.json)) throw new Error('the JSON-log replica wrote fewer lines than it answered calls: not a fair comparison');
    return {
      gateway_calls_text_log_per_s: figure(mean(rates.text), 'per_s', 2000, 'higher'),
      gateway_calls_json_log_per_s: figure(mean(rates.json), 'per_s', 2000, 'higher'),
      readyz_per_s: figure(await readyzPerSecond(json.listen), 'per_s', 1000, 'higher'),
    };
  } finally {
    for (const p of procs) p.kill('SIGTERM');
    core.close();
    t.cleanup();
  }
};
