// Shared by the guard tests: a data dir with servers and keys, a raw guard process to
// write bytes to, and bounded waits (every wait has a deadline: a hang fails, never stalls).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Core } from '../../src-main/core';
import type { Rule, RateLimit } from '../../src-preload/contract';
import { openCore } from '../../src-main/core';
import { postgresMigrations } from '../../src-main/core/db/migrations/postgres';
import { applyMigrations } from '../../src-main/core/db/schema';
import { postgresSql } from '../../src-main/core/db/sql-postgres';
import { envKeyProviders, masterKey, openTestCore, tmpDir } from '../helpers/core';

export const ROOT = resolve(import.meta.dirname, '../..');
export const GATEHOUSE = join(ROOT, 'bin/gatehouse');
export const FIXTURES = join(ROOT, 'test/fixtures/servers');
export const EVERYTHING = join(ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');

export interface TestHome {
  dir: string;
  masterKey: string;
  core: Core;
  /** A key's full secret. */
  newKey(name: string, rules: Rule[], rateLimit?: RateLimit | null): { id: string; secret: string };
  /** The env a guard needs (PATH, data dir, master key) plus the API key when given. */
  env(apiKey?: string): Record<string, string>;
  close(): void;
}

/** What a home's own core does beyond the store: `changeFeed` for a core that serves HTTP in this process (readiness on PostgreSQL needs it). */
export interface HomeOptions {
  changeFeed?: boolean;
}

/** A core on SQLite in a temp data dir, or on the (empty) PostgreSQL database at `databaseUrl`, migrated here. */
function openHomeCore(dir: string, databaseUrl?: string, opts: HomeOptions = {}): { core: Core; key: string } {
  if (!databaseUrl) return openTestCore(dir);
  const sql = postgresSql(databaseUrl);
  try {
    applyMigrations(sql, postgresMigrations);
  } finally {
    sql.close();
  }
  const key = masterKey();
  return { core: openCore({ dataDir: dir, databaseUrl, masterKeyProviders: envKeyProviders(key), changeFeed: opts.changeFeed }), key };
}

export function makeHome(
  servers: { name: string; command: string; args: string[]; env?: Record<string, string> }[],
  databaseUrl?: string,
  opts?: HomeOptions,
): TestHome {
  const t = tmpDir('gatehouse-guard-');
  const { core, key } = openHomeCore(t.dir, databaseUrl, opts);
  for (const s of servers) core.servers.add({ transport: 'stdio', name: s.name, command: s.command, args: s.args, cwd: null, env: s.env ?? {} });
  core.audit.flush();
  return {
    dir: t.dir,
    masterKey: key,
    core,
    newKey(name, rules, rateLimit = { limit: 1000, window: 'second' }) {
      const created = core.keys.create({ name, rules, rateLimit, expiresInSeconds: null });
      return { id: created.key.id, secret: created.secret };
    },
    env(apiKey) {
      const env: Record<string, string> = {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        GATEHOUSE_DATA_DIR: t.dir,
        GATEHOUSE_MASTER_KEY: key,
        ...(databaseUrl ? { GATEHOUSE_DATABASE_URL: databaseUrl } : {}),
      };
      if (apiKey !== undefined) env.GATEHOUSE_API_KEY = apiKey;
      return env;
    },
    close() {
      core.close();
      t.cleanup();
    },
  };
}

export interface Answer {
  jsonrpc: '2.0';
  id: string | number | null;
  result?: Record<string, unknown>;
  error?: { code: number; message: string; data?: Record<string, unknown> };
}

/** A guard started with raw pipes: write anything, read its answers line by line. */
export class RawGuard {
  readonly proc: ChildProcessWithoutNullStreams;
  readonly answers: Answer[] = [];
  stderr = '';
  private buffered = '';
  private waiters: (() => void)[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(home: Pick<TestHome, 'env'>, server: string, extraArgs: string[] = [], apiKey?: string) {
    this.proc = spawn(process.execPath, [GATEHOUSE, 'guard', '--server', server, ...extraArgs], {
      env: home.env(apiKey),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.proc.stdin.on('error', () => undefined); // EPIPE once the guard is gone
    this.proc.stdout.setEncoding('utf8');
    this.proc.stdout.on('data', (s: string) => {
      this.buffered += s;
      let nl: number;
      while ((nl = this.buffered.indexOf('\n')) >= 0) {
        const line = this.buffered.slice(0, nl);
        this.buffered = this.buffered.slice(nl + 1);
        if (line.trim()) this.answers.push(JSON.parse(line) as Answer);
      }
      this.wake();
    });
    this.proc.stderr.setEncoding('utf8');
    this.proc.stderr.on('data', (s: string) => {
      this.stderr += s;
      this.wake();
    });
    this.exited = new Promise((res) => this.proc.on('exit', (code, signal) => res({ code, signal })));
    void this.exited.then(() => this.wake());
  }

  send(message: unknown): void {
    this.write(JSON.stringify(message) + '\n');
  }

  write(bytes: string | Buffer): void {
    this.proc.stdin.write(bytes);
  }

  request(id: string | number, method: string, params: Record<string, unknown> = {}): void {
    this.send({ jsonrpc: '2.0', id, method, params });
  }

  /** The answer with this id (removed from the list), within timeoutMs. */
  async answer(id: string | number | null, timeoutMs = 10_000): Promise<Answer> {
    await this.until(() => this.answers.some((a) => a.id === id), timeoutMs, `an answer with id ${JSON.stringify(id)}`);
    const i = this.answers.findIndex((a) => a.id === id);
    return this.answers.splice(i, 1)[0]!;
  }

  /** Resolves when pred holds; fails after timeoutMs with what was seen. */
  async until(pred: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pred()) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`no ${what} within ${timeoutMs} ms; answers: ${JSON.stringify(this.answers).slice(0, 500)}; stderr: ${this.stderr.slice(-1000)}`);
      }
      await new Promise<void>((res) => {
        const timer = setTimeout(res, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(timer);
          res();
        });
      });
    }
  }

  /** Peak RSS of the guard process itself (not its child), in MB. */
  peakRssMb(): number {
    const status = readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]);
    return kb / 1024;
  }

  get alive(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** Ends the guard (and waits for it), whatever state it is in. */
  async stop(): Promise<void> {
    if (!this.alive) return;
    this.proc.stdin.end();
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 8000);
    await this.exited;
    clearTimeout(timer);
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}

export const INIT = {
  protocolVersion: '2025-06-18',
  capabilities: {},
  clientInfo: { name: 'guard-test', version: '1.0.0' },
};

/** Polls fn until it returns a value other than undefined, or throws after timeoutMs. */
export async function poll<T>(fn: () => T | undefined | Promise<T | undefined>, timeoutMs: number, what: string, everyMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() >= deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Whether a process id is still a live (non-zombie) process. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}
