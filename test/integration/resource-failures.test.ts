// Resource failures said plainly (issue 11, observation 10): a full disk (a real tmpfs,
// filled up), a read-only data dir (a read-only bind mount; the CLI as another user) and a
// database locked by another connection past the busy timeout. Each gets its own error
// code and a message naming the cause and the fix, in the CLI, the admin API over HTTP
// and the guard's JSON-RPC answers; integrity_check stays ok and the next write after
// the fix succeeds. Needs a build first; the mounts need root (skipped, saying why, if not).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, GATEHOUSE, RawGuard, type TestHome } from './guard-harness';
import { cli, fillDisk, integrity, mkdirp, mountProblem, mountTmpfs, readOnlyView, truncateWal, type Mount } from './resource-harness';

const ECHO = join(FIXTURES, 'echo.mjs');

/** A data dir with the echo server and a key allowed everything on it (default rate limit: a write per call). */
type Home = Pick<TestHome, 'env'>;

async function setUp(dataDir: string): Promise<{ env: NodeJS.ProcessEnv; key: string; home: Home }> {
  const masterKey = randomBytes(32).toString('base64');
  const env = { ...process.env, GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_MASTER_KEY: masterKey };
  expect((await cli(['servers', 'add', 'echo', '--command', process.execPath, '--arg', ECHO], env)).code).toBe(0);
  const created = await cli(['keys', 'create', '--name', 'k', '--allow', 'echo:*'], env);
  const key = (JSON.parse(created.stdout) as { key: string }).key;
  // What RawGuard needs of a home: the env of a guard on this data dir.
  const home: Home = {
    env: (apiKey?: string) => ({ PATH: process.env.PATH ?? '', GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_MASTER_KEY: masterKey, ...(apiKey ? { GATEHOUSE_API_KEY: apiKey } : {}) }),
  };
  return { env, key, home };
}

async function initialized(home: Home, key: string): Promise<RawGuard> {
  const g = new RawGuard(home, 'echo', [], key);
  g.request(1, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } });
  expect((await g.answer(1)).result).toBeTruthy();
  return g;
}
const echoCall = (g: RawGuard, id: number) => g.request(id, 'tools/call', { name: 'echo', arguments: { text: 'hi' } });

/** A guard session on the data dir, its first call (id 2) answered before `run` (the key's last-used time is written then); ended after. */
async function withGuard(home: Home, key: string, run: (g: RawGuard) => Promise<void>): Promise<void> {
  const g = await initialized(home, key);
  try {
    echoCall(g, 2);
    expect((await g.answer(2)).result).toBeTruthy();
    await run(g);
  } finally {
    g.proc.stdin.end();
    await g.exited;
  }
}

/** After the failure: the next call (id 4) goes through, and the database is whole. */
async function expectRecovered(g: RawGuard, dataDir: string): Promise<void> {
  echoCall(g, 4);
  expect((await g.answer(4)).result).toBeTruthy();
  expect(integrity(dataDir)).toBe('ok');
}

async function startServe(env: NodeJS.ProcessEnv): Promise<{ proc: ChildProcess; issuer: string; cookie: string }> {
  const proc = spawn(process.execPath, [GATEHOUSE, 'serve', '--port', '0', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ready = await new Promise<{ issuer: string; admin_url: string }>((res, rej) => {
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) res(JSON.parse(out.split('\n')[0]!) as { issuer: string; admin_url: string });
    });
    proc.on('exit', (code) => rej(new Error(`serve exited ${code}`)));
  });
  const login = await fetch(ready.admin_url, { redirect: 'manual' });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  return { proc, issuer: ready.issuer, cookie };
}
async function adminCall(s: { issuer: string; cookie: string }, method: string, input: unknown) {
  const res = await fetch(`${s.issuer}/admin/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: s.issuer, cookie: s.cookie },
    body: JSON.stringify(input),
  });
  return { status: res.status, body: (await res.json()) as { data?: unknown; error?: { code: string; message: string } } };
}
const stopped = (p: ChildProcess) => new Promise<void>((r) => (p.exitCode !== null ? r() : (p.once('exit', () => r()), p.kill('SIGTERM'))));

const FULL = /disk that holds the Gatehouse data dir .* is full.*Nothing was changed.*Free some space/s;

describe.skipIf(mountProblem !== null)(`a full disk, on a real tmpfs${mountProblem ? ` (skipped: ${mountProblem})` : ''}`, () => {
  let disk: Mount;
  let dataDir: string;
  let ctx: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    disk = mountTmpfs(16);
    dataDir = join(disk.dir, 'data');
    ctx = await setUp(dataDir);
  });
  afterAll(() => disk?.unmount());

  it('the CLI says DISK_FULL with the fix; integrity stays ok; after space is freed the next write succeeds', async () => {
    const free = fillDisk(disk.dir);
    const r = await cli(['keys', 'create', '--name', 'while full', '--allow', 'echo:*'], ctx.env);
    free();
    expect(r.code).toBe(1);
    expect(r.error?.code).toBe('DISK_FULL');
    expect(r.error?.message).toMatch(FULL);
    expect(r.error?.message).toContain(dataDir);
    expect(integrity(dataDir)).toBe('ok');
    expect((await cli(['keys', 'create', '--name', 'after', '--allow', 'echo:*'], ctx.env)).code).toBe(0);
  });

  it('a guard started on a full disk answers every request with DISK_FULL and the fix', async () => {
    const free = fillDisk(disk.dir);
    try {
      const g = new RawGuard(ctx.home, 'echo', [], ctx.key);
      g.request(1, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } });
      const a = await g.answer(1);
      expect(a.error?.data?.code).toBe('DISK_FULL');
      expect(a.error?.message).toMatch(FULL);
      g.proc.stdin.end();
      expect((await g.exited).code).toBe(0);
    } finally {
      free();
    }
  });

  it('a running guard: a call whose check must write gets DISK_FULL; after space is freed the next call goes through', async () => {
    await withGuard(ctx.home, ctx.key, async (g) => {
      truncateWal(dataDir);
      const free = fillDisk(disk.dir);
      echoCall(g, 3);
      const refused = await g.answer(3);
      free();
      expect(refused.error?.data?.code).toBe('DISK_FULL');
      expect(refused.error?.message).toMatch(FULL);
      expect(refused.error?.message).toContain('it was not relayed');
      await expectRecovered(g, dataDir);
    });
  });

  it('the admin API answers 507 DISK_FULL with the fix; after space is freed the same call succeeds', async () => {
    const serve = await startServe(ctx.env);
    try {
      expect((await adminCall(serve, 'keys.list', {})).status).toBe(200);
      truncateWal(dataDir);
      const free = fillDisk(disk.dir);
      const r = await adminCall(serve, 'keys.create', { name: 'from the UI', rules: [], expiresInSeconds: null, rateLimit: null });
      free();
      expect(r.status).toBe(507);
      expect(r.body.error?.code).toBe('DISK_FULL');
      expect(r.body.error?.message).toMatch(FULL);
      const again = await adminCall(serve, 'keys.create', { name: 'from the UI', rules: [], expiresInSeconds: null, rateLimit: null });
      expect(again.status).toBe(200);
      expect(integrity(dataDir)).toBe('ok');
    } finally {
      await stopped(serve.proc);
    }
  });
});

const READ_ONLY = /Gatehouse data dir .* cannot be written \((read-only file system|permission denied)\).*Nothing was changed.*Make it writable again/s;

describe.skipIf(mountProblem !== null)(`a read-only data dir${mountProblem ? ` (skipped: ${mountProblem})` : ''}`, () => {
  let root: string;
  let dataDir: string;
  let view: Mount;
  let ctx: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'gatehouse-rofs-'));
    dataDir = join(root, 'data');
    ctx = await setUp(dataDir);
    view = readOnlyView(dataDir);
  });
  afterAll(() => {
    view?.unmount();
    rmSync(root, { recursive: true, force: true });
  });
  const onView = () => ({ ...ctx.env, GATEHOUSE_DATA_DIR: view.dir });

  it('the CLI on a read-only file system: DATA_DIR_READ_ONLY naming it and the fix', async () => {
    const r = await cli(['keys', 'create', '--name', 'ro', '--allow', 'echo:*'], onView());
    expect(r.code).toBe(1);
    expect(r.error?.code).toBe('DATA_DIR_READ_ONLY');
    expect(r.error?.message).toMatch(READ_ONLY);
    expect(r.error?.message).toContain('read-only file system');
  });

  it('while another process has it open: reads work, a write gets DATA_DIR_READ_ONLY in the CLI and in the guard; writable again, writes succeed', async () => {
    const holder = new Database(join(dataDir, 'gatehouse.db'));
    holder.prepare('SELECT 1').get();
    try {
      expect((await cli(['keys', 'list'], onView())).code).toBe(0);
      const r = await cli(['keys', 'create', '--name', 'ro', '--allow', 'echo:*'], onView());
      expect(r.error?.code).toBe('DATA_DIR_READ_ONLY');
      expect(r.error?.message).toMatch(READ_ONLY);

      const g = await initialized({ env: (k?: string) => ({ ...ctx.home.env(k), GATEHOUSE_DATA_DIR: view.dir }) }, ctx.key);
      echoCall(g, 2);
      const refused = await g.answer(2);
      expect(refused.error?.data?.code).toBe('DATA_DIR_READ_ONLY');
      expect(refused.error?.message).toMatch(READ_ONLY);
      g.proc.stdin.end();
      await g.exited;
    } finally {
      holder.close();
    }
    expect(integrity(dataDir)).toBe('ok');
    expect((await cli(['keys', 'create', '--name', 'writable again', '--allow', 'echo:*'], ctx.env)).code).toBe(0);
  });

  it('the CLI as a user without write access: DATA_DIR_READ_ONLY (permission denied)', async () => {
    chmodSync(root, 0o755);
    chmodSync(dataDir, 0o755);
    chmodSync(join(dataDir, 'gatehouse.db'), 0o644);
    const r = await cli(['keys', 'create', '--name', 'nobody', '--allow', 'echo:*'], ctx.env, { uid: 65534, gid: 65534 });
    expect(r.error?.code).toBe('DATA_DIR_READ_ONLY');
    expect(r.error?.message).toContain('permission denied');
    expect(r.error?.message).toMatch(READ_ONLY);
  });
});

const BUSY = /another process kept the Gatehouse database .* locked for longer than the busy timeout.*Nothing was changed.*Finish or close what holds the lock/s;

describe('a database locked by another connection past the busy timeout', () => {
  let root: string;
  let dataDir: string;
  let ctx: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'gatehouse-busy-'));
    dataDir = mkdirp(join(root, 'data'));
    ctx = await setUp(dataDir);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('the CLI, the admin API and the guard each say DATABASE_BUSY with the fix; once the lock is gone, writes succeed', async () => {
    const serve = await startServe(ctx.env);
    try {
      // The guard's first call writes the key's last-used time now, not while the lock is held.
      await withGuard(ctx.home, ctx.key, async (g) => {
        const holder = new Database(join(dataDir, 'gatehouse.db'));
        holder.prepare('BEGIN IMMEDIATE').run();
        let released = false;
        try {
          echoCall(g, 3);
          const [byCli, byApi, byGuard] = await Promise.all([
            cli(['keys', 'create', '--name', 'busy', '--allow', 'echo:*'], ctx.env),
            adminCall(serve, 'keys.create', { name: 'busy', rules: [], expiresInSeconds: null, rateLimit: null }),
            g.answer(3, 25_000),
          ]);
          holder.prepare('ROLLBACK').run();
          released = true;
          expect(byCli.error?.code).toBe('DATABASE_BUSY');
          expect(byCli.error?.message).toMatch(BUSY);
          expect(byApi.status).toBe(503);
          expect(byApi.body.error?.code).toBe('DATABASE_BUSY');
          expect(byApi.body.error?.message).toMatch(BUSY);
          expect(byGuard.error?.data?.code).toBe('DATABASE_BUSY');
          expect(byGuard.error?.message).toMatch(BUSY);
        } finally {
          if (!released) holder.prepare('ROLLBACK').run();
          holder.close();
        }
        expect((await cli(['keys', 'create', '--name', 'after', '--allow', 'echo:*'], ctx.env)).code).toBe(0);
        expect((await adminCall(serve, 'keys.create', { name: 'after', rules: [], expiresInSeconds: null, rateLimit: null })).status).toBe(200);
        await expectRecovered(g, dataDir);
      });
    } finally {
      await stopped(serve.proc);
    }
  }, 60_000);
});
