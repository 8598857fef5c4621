// Shared by the team-mode tests: the built `gatehouse serve` as a child process (its
// output kept line by line), and a tiny reverse proxy in front of it that plays the load
// balancer: it ends "TLS" (the test talks plain http to it), sets X-Forwarded-* and
// sends its own Host, as nginx does with its defaults.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, readdirSync } from 'node:fs';
import { createServer, request, type Agent, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { GATEHOUSE } from './guard-harness';

export const PUBLIC = 'https://gh.example.test';
export const PUBLIC_HOST = 'gh.example.test';
/** The unprivileged user a root test runs serve as, so that file modes apply to it. */
export const NOBODY = 65534;

export interface ServeProc {
  proc: ChildProcess;
  /** Where it listens, e.g. http://127.0.0.1:41234. */
  listen: string;
  /** stdout lines so far (JSON log lines, or the ready line). */
  out: string[];
  err: () => string;
  /** Parsed stdout lines (JSON log mode). */
  records(): Record<string, unknown>[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The ready line's fields (text mode with --json), or the ready event's (JSON logs). */
  ready: Record<string, string>;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  env: NodeJS.ProcessEnv;
  /** Run as this uid/gid (a root test runs serve as nobody). */
  uid?: number;
}

/** Starts `gatehouse serve ARGS` and waits for its ready line or event. */
export async function startServe(args: string[], opts: SpawnOptions): Promise<ServeProc> {
  const ids = opts.uid === undefined ? {} : { uid: opts.uid, gid: opts.uid };
  const proc = spawn(process.execPath, [GATEHOUSE, 'serve', '--port', '0', ...args], { env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], ...ids });
  const out: string[] = [];
  let err = '';
  let partial = '';
  const waiters = new Set<() => void>();
  proc.stdout!.setEncoding('utf8').on('data', (s: string) => {
    partial += s;
    const lines = partial.split('\n');
    partial = lines.pop()!;
    out.push(...lines.filter((l) => l !== ''));
    for (const w of waiters) w();
  });
  proc.stderr!.setEncoding('utf8').on('data', (s: string) => (err += s));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => proc.on('exit', (code, signal) => res({ code, signal })));
  const ready = await new Promise<Record<string, string>>((resolve, reject) => {
    const look = () => {
      const line = out.find((l) => l.includes('"ready"') || l.includes('"issuer"'));
      if (line) resolve(JSON.parse(line) as Record<string, string>);
    };
    waiters.add(look);
    void exited.then(({ code }) => reject(new Error(`serve exited ${code} before it was ready: ${err}${out.join('\n')}`)));
  });
  waiters.clear();
  const listen = ready.listen ?? ready.issuer!;
  return {
    proc,
    listen,
    out,
    err: () => err,
    records: () => out.map((l) => JSON.parse(l) as Record<string, unknown>),
    exited,
    ready,
    stop: async () => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exited;
    },
  };
}

/** Runs a `gatehouse` command to its end (asynchronously: serve may be answering meanwhile). */
export function gatehouse(args: string[], env: NodeJS.ProcessEnv, uid?: number): Promise<{ code: number; stdout: string; stderr: string }> {
  const ids = uid === undefined ? {} : { uid, gid: uid };
  return new Promise((resolve) => {
    execFile(process.execPath, [GATEHOUSE, ...args], { env, encoding: 'utf8', ...ids }, (e, stdout, stderr) =>
      resolve({ code: e ? ((e as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** `gatehouse ARGS --json`: its parsed output; a failure throws with its stderr. */
export async function gatehouseJson(args: string[], env: NodeJS.ProcessEnv): Promise<unknown> {
  const r = await gatehouse([...args, '--json'], env);
  if (r.code !== 0) throw new Error(`gatehouse ${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout) as unknown;
}

export interface Proxy {
  url: string;
  /** Requests it forwarded, with the headers it sent on. */
  forwarded: IncomingHttpHeaders[];
  close(): Promise<void>;
}

/**
 * A reverse proxy to `target` (a URL, or a function that picks one per request: a round
 * robin). `headers` decides the X-Forwarded-* (and any other) headers it adds; what the
 * client sent for them is replaced, as Caddy and nginx do. A bench passes a keep-alive
 * `agent` and `record: false` (nothing kept per request); a test keeps what it forwarded.
 */
export async function forwardingProxy(
  target: string | (() => string),
  headers: (incoming: IncomingHttpHeaders) => Record<string, string>,
  opts: { agent?: Agent; record?: boolean } = {},
): Promise<Proxy> {
  const { agent, record = true } = opts;
  const pick = typeof target === 'string' ? () => target : target;
  const forwarded: IncomingHttpHeaders[] = [];
  const server: Server = createServer((req, res) => {
    const t = new URL(pick());
    const sent: IncomingHttpHeaders = { ...req.headers, host: t.host, ...headers(req.headers) };
    if (record) forwarded.push(sent);
    const up = request({ hostname: t.hostname, port: t.port, path: req.url, method: req.method, headers: sent, agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    up.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(up);
  });
  return { ...(await listenOnLoopback(server, () => agent?.destroy())), forwarded };
}

/** Listens on a free loopback port: its URL, and a close that ends the open connections (after `before`). */
export async function listenOnLoopback(server: Server, before?: () => void): Promise<{ url: string; close(): Promise<void> }> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((r) => {
        before?.();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** What a load balancer that ended TLS for gh.example.test adds. */
export const lbHeaders = (client = '203.0.113.7') => () => ({
  'x-forwarded-proto': 'https',
  'x-forwarded-host': PUBLIC_HOST,
  'x-forwarded-for': client,
});

/** A fetch for https://gh.example.test/… that goes to the proxy over plain http (the LB ends TLS). */
export function viaProxy(proxy: Proxy): typeof fetch {
  return (input, init) => {
    const u = new URL(input instanceof Request ? input.url : String(input));
    const to = u.origin === PUBLIC ? `${proxy.url}${u.pathname}${u.search}` : u.href;
    return fetch(input instanceof Request ? new Request(to, input) : to, init);
  };
}

/** Hands a data dir (and everything in it) to `uid`. */
export function chownTree(dir: string, uid: number): void {
  chownSync(dir, uid, uid);
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) chownTree(p, uid);
    else chownSync(p, uid, uid);
  }
}

/** One HTTP request with exactly these headers (fetch would not send our own Host). */
export function raw(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: IncomingHttpHeaders; text: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname: u.hostname, port: u.port, path: `${u.pathname}${u.search}`, method: opts.method ?? 'GET', headers: opts.headers ?? {} }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const STATELESS = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' }, 'io.modelcontextprotocol/clientCapabilities': {} };

/** One 2026-07-28 tools/call of the echo server at `base`/mcp/echo (no session: any replica may answer it); null: no token. */
export async function echo(base: string, token: string | null, message: string): Promise<{ status: number; text: string; challenge: string | null }> {
  const r = await fetch(`${base}/mcp/echo`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': 'tools/call',
      'mcp-name': 'echo',
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo', arguments: { message }, _meta: STATELESS } }),
  });
  return { status: r.status, text: await r.text(), challenge: r.headers.get('www-authenticate') };
}

/** A streamable-HTTP MCP session at `url` with this bearer token. */
export async function mcp(url: string, token: string) {
  const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${token}` };
  const post = (body: unknown, session?: string) =>
    fetch(url, { method: 'POST', headers: { ...headers, ...(session ? { 'mcp-session-id': session } : {}) }, body: JSON.stringify(body) });
  const init = await post({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'ops', version: '1' } } });
  const initText = await init.text();
  if (init.status !== 200) throw new Error(`initialize at ${url}: ${init.status} ${initText}`);
  const session = init.headers.get('mcp-session-id')!;
  const initialized = await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, session);
  if (initialized.status !== 202) throw new Error(`notifications/initialized at ${url}: ${initialized.status}`);
  return {
    /** The session's GET event stream (the headers have arrived when this resolves). */
    listen: () => fetch(url, { headers: { accept: 'text/event-stream', authorization: `Bearer ${token}`, 'mcp-session-id': session } }),
    call: async (name: string, id = 2) => {
      const r = await post({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: { message: 'hi' } } }, session);
      return { status: r.status, text: await r.text() };
    },
  };
}
