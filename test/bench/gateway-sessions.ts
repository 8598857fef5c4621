// What one gateway session costs, the figures behind the session caps (issue 11): each
// session to a stdio server starts its own server process. With the real
// server-everything behind `gatehouse serve`:
// - gateway_session_start_ms: an initialize POSTed without a session to its answer (a new
//   session: the server process spawned and initialized), median of 8;
// - gateway_session_rss_mb: resident memory of serve and all its children, per session
//   opened (8 sessions, each initialized and listed), against the same tree before.
// The same server started directly over stdio is printed on stderr for comparison.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openTestCore, tmpDir } from '../helpers/core';
import { figure, median, type Bench } from './figures';

const ROOT = process.cwd();
const EVERYTHING = join(ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');
const SESSIONS = 8;
const INIT = { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'bench', version: '1' } };

/** Process ids by parent (Linux /proc). */
function childrenByParent(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // Gone meanwhile.
    }
  }
  return children;
}

/** RSS of a process and all its descendants, in MB. */
function treeRssMb(root: number): number {
  const children = childrenByParent();
  let kb = 0;
  for (const queue = [root]; queue.length; ) {
    const pid = queue.pop()!;
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // Gone meanwhile.
    }
    queue.push(...(children.get(pid) ?? []));
  }
  return kb / 1024;
}

function startServe(env: NodeJS.ProcessEnv): Promise<{ proc: ChildProcess; gatewayBase: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [join(ROOT, 'bin/gatehouse'), 'serve', '--port', '0', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve({ proc, gatewayBase: (JSON.parse(out.split('\n')[0]!) as { gateway_base: string }).gateway_base });
    });
    proc.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
  });
}

async function post(url: string, token: string, body: unknown, session?: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${token}` };
  if (session) headers['mcp-session-id'] = session;
  const r = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  if (r.status >= 300) throw new Error(`gateway answered ${r.status}: ${await r.text()}`);
  return r;
}

/** A new session: initialize (timed), initialized, tools/list. */
async function openSession(url: string, token: string): Promise<{ id: string; ms: number }> {
  const t = process.hrtime.bigint();
  const r = await post(url, token, { jsonrpc: '2.0', id: 1, method: 'initialize', params: INIT });
  await r.text();
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const id = r.headers.get('mcp-session-id')!;
  await (await post(url, token, { jsonrpc: '2.0', method: 'notifications/initialized' }, id)).text();
  await (await post(url, token, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, id)).text();
  return { id, ms };
}

/** The same server spawned and initialized directly over stdio, for comparison. */
function directStartMs(): Promise<number> {
  return new Promise((resolve) => {
    const t = process.hrtime.bigint();
    const p = spawn(process.execPath, [EVERYTHING, 'stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
    let out = '';
    p.stdout.on('data', (d) => {
      out += d;
      if (!out.includes('"id":1')) return;
      resolve(Number(process.hrtime.bigint() - t) / 1e6);
      p.kill('SIGTERM');
    });
    p.stdin.write(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: INIT }) + '\n');
  });
}

export const gatewaySessions: Bench = async () => {
  const t = tmpDir('gatehouse-bench-');
  const { core, key } = openTestCore(t.dir);
  let serve: ChildProcess | null = null;
  try {
    core.servers.add({ transport: 'stdio', name: 'everything', command: process.execPath, args: [EVERYTHING, 'stdio'], cwd: null, env: {} });
    core.exposure.set('everything', { exposed: true, acceptApiKeys: true });
    core.settings.update({ gatewaySessionsPerPrincipal: SESSIONS + 1, gatewaySessionsTotal: SESSIONS + 1 });
    const { secret } = core.keys.create({ name: 'bench', expiresInSeconds: null, rules: [{ effect: 'allow', pattern: 'everything:*' }], rateLimit: null });
    const started = await startServe({ ...process.env, GATEHOUSE_DATA_DIR: t.dir, GATEHOUSE_MASTER_KEY: key });
    serve = started.proc;
    const url = `${started.gatewayBase}everything`;
    const end = (id: string) => fetch(url, { method: 'DELETE', headers: { authorization: `Bearer ${secret}`, 'mcp-session-id': id } });

    await end((await openSession(url, secret)).id); // warm-up: serve's own lazy loading
    // The warm-up's server process exits (stdin closed, then SIGTERM after 2 s at most).
    for (const until = Date.now() + 5000; childrenByParent().get(serve.pid!)?.length && Date.now() < until; ) await new Promise((r) => setTimeout(r, 20));
    const before = treeRssMb(serve.pid!);
    const opened: { id: string; ms: number }[] = [];
    for (let i = 0; i < SESSIONS; i++) opened.push(await openSession(url, secret));
    const after = treeRssMb(serve.pid!);
    await Promise.all(opened.map((s) => end(s.id)));

    const direct: number[] = [];
    for (let i = 0; i < 3; i++) direct.push(await directStartMs());
    process.stderr.write(`gateway sessions: server-everything started directly over stdio in ${median(direct).toFixed(1)} ms (median of 3)\n`);
    return {
      gateway_session_start_ms: figure(median(opened.map((s) => s.ms)), 'ms', 1000, 'lower'),
      gateway_session_rss_mb: figure((after - before) / SESSIONS, 'MB', 128, 'lower'),
    };
  } finally {
    serve?.kill('SIGTERM');
    core.close();
    t.cleanup();
  }
};
