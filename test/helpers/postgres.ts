// A real PostgreSQL server for the tests: initdb into a temp dir, pg_ctl on a free
// loopback port, as an unprivileged user (root cannot run initdb: as root the server
// runs as `nobody`), stopped at the end, on failure, on SIGINT/SIGTERM, and, when a
// test process was killed outright, by the next harness that starts (each server's
// dir names the process that owns it).
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const PREFIX = 'gatehouse-pg-';

export interface PgServer {
  readonly port: number;
  readonly dir: string;
  /** A URL for one database on this server (default: the `postgres` database). */
  url(database?: string): string;
  /** A new, empty database; its URL. */
  createDatabase(): Promise<string>;
  /** Stops the server, keeping its data (start() brings it back on the same port). */
  halt(): void;
  start(): void;
  /** Stops the server and removes its dir. */
  stop(): void;
}

/** Debian's PostgreSQL binaries: `pg_config --bindir`, else the newest /usr/lib/postgresql/N/bin. */
export function pgBinDir(): string {
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
    if (existsSync(join(dir, 'initdb'))) return dir;
  } catch {
    // pg_config comes with libpq-dev, not with the server: look where Debian puts the server.
  }
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) {
    throw new Error("PostgreSQL's server binaries (initdb, pg_ctl) are missing: install Debian's `postgresql` package (.ci/run does)");
  }
  return join(root, newest, 'bin');
}

const isRoot = () => process.getuid?.() === 0;

/** Runs a PostgreSQL binary as the unprivileged user (nobody when we are root). */
function asServerUser(bin: string, args: string[], timeoutMs = 60_000): string {
  const exe = join(pgBinDir(), bin);
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'nobody', '--', exe, ...args]] : [exe, args];
  return execFileSync(cmd as string, argv as string[], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
}

function serverUserIds(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'nobody'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

function stopQuietly(dir: string): void {
  try {
    if (existsSync(join(dir, 'data', 'postmaster.pid'))) asServerUser('pg_ctl', ['stop', '-D', join(dir, 'data'), '-m', 'immediate', '-w'], 30_000);
  } catch {
    // Already stopped, or its dir half-made: removing the dir is what is left.
  }
  rmSync(dir, { recursive: true, force: true });
}

/** Servers whose owning test process died without stopping them. */
function reapOrphans(): void {
  for (const name of readdirSync(tmpdir()).filter((n) => n.startsWith(PREFIX))) {
    const dir = join(tmpdir(), name);
    let owner: number;
    try {
      owner = Number(readFileSync(join(dir, 'owner.pid'), 'utf8'));
    } catch {
      continue; // being made right now by another process
    }
    if (!alive(owner)) stopQuietly(dir);
  }
}

// One registry per process, not per module instance: vitest evaluates this module again
// for each test file in a worker, and each would otherwise add its own exit listeners.
const REGISTRY = Symbol.for('gatehouse.test.postgres');
type Registry = { running: Set<string> };
const registry = ((globalThis as Record<symbol, Registry | undefined>)[REGISTRY] ??= { running: new Set() });
const running = registry.running;

function stopAllOnExit(): void {
  if (process.listeners('exit').some((l) => (l as { gatehouse?: boolean }).gatehouse)) return;
  const onExit = Object.assign(() => [...running].forEach(stopQuietly), { gatehouse: true });
  process.on('exit', onExit);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      [...running].forEach(stopQuietly);
      running.clear();
      process.kill(process.pid, sig);
    });
  }
}

function initCluster(): string {
  const dir = mkdtempSync(join(tmpdir(), PREFIX));
  writeFileSync(join(dir, 'owner.pid'), String(process.pid));
  if (isRoot()) {
    const { uid, gid } = serverUserIds();
    chownSync(dir, uid, gid);
  }
  running.add(dir);
  // C.UTF-8: ordering by code point on every machine (Debian always has this locale).
  asServerUser('initdb', ['-D', join(dir, 'data'), '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync', '--no-instructions']);
  return dir;
}

function pgCtlStart(dir: string, port: number): void {
  // Throwaway data: no fsync. No Unix socket: loopback TCP only, on this port.
  const opts = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100`;
  asServerUser('pg_ctl', ['start', '-D', join(dir, 'data'), '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', opts]);
}

function serverLog(dir: string): string {
  try {
    return readFileSync(join(dir, 'server.log'), 'utf8').slice(-2000);
  } catch {
    return '';
  }
}

/** Starts a server of its own (a new cluster in a temp dir). */
export async function startPostgres(): Promise<PgServer> {
  reapOrphans();
  stopAllOnExit();
  const dir = initCluster();
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      pgCtlStart(dir, port);
      return serverAt(dir, port);
    } catch (e) {
      // Another process took the port between freePort and the server's bind: try another.
      const log = serverLog(dir);
      if (attempt >= 3 || !/could not bind|already in use/i.test(log)) {
        stopQuietly(dir);
        running.delete(dir);
        throw new Error(`PostgreSQL did not start: ${(e as Error).message}\n${log}`, { cause: e });
      }
    }
  }
}

async function makeDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  admin.on('error', () => undefined); // the server may stop while a prefetched database is being made
  await admin.connect();
  try {
    // FILE_COPY: with fsync off, copying the template's files beats writing it all to the WAL.
    await admin.query(`CREATE DATABASE ${name} STRATEGY = FILE_COPY`);
  } finally {
    await admin.end();
  }
}

function serverAt(dir: string, port: number): PgServer {
  let n = 0;
  let next: Promise<string> | null = null;
  const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const make = async () => {
    const name = `t${process.pid}_${++n}_${Math.random().toString(36).slice(2, 8)}`;
    await makeDatabase(url(), name);
    return url(name);
  };
  return {
    port,
    dir,
    url,
    async createDatabase() {
      const made = await (next ?? make());
      // The next test's database is made while this test runs.
      next = make();
      next.catch(() => (next = null));
      return made;
    },
    halt: () => void asServerUser('pg_ctl', ['stop', '-D', join(dir, 'data'), '-m', 'fast', '-w']),
    start: () => pgCtlStart(dir, port),
    stop() {
      running.delete(dir);
      stopQuietly(dir);
    },
  };
}
