// What an orchestrator relies on: /healthz and /readyz (without a session, on any Host,
// 503 naming the failed check when the database cannot be read, 200 again after), the
// master key from a mounted secret file, and the refusal to listen beyond loopback
// without an https public URL.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openTestCore, tmpDir } from '../helpers/core';
import { poll } from './guard-harness';
import { chownTree, gatehouse, NOBODY, PUBLIC, raw, startServe, type ServeProc } from './team-harness';

const asRoot = process.getuid?.() === 0;
/** Root reads any file whatever its mode: a root test runs serve as nobody. */
const unprivileged = asRoot ? NOBODY : undefined;

const temps: { cleanup(): void }[] = [];
const procs: ServeProc[] = [];
afterEach(async () => {
  while (procs.length) await procs.pop()!.stop();
});
afterAll(() => temps.forEach((t) => t.cleanup()));

/** A data dir that already holds secrets under `key`, owned by the user serve runs as. */
function dataDir(key = randomBytes(32).toString('base64')): { dir: string; key: string; env: NodeJS.ProcessEnv } {
  const t = tmpDir('gatehouse-health-');
  temps.push(t);
  const { core } = openTestCore(t.dir, key);
  core.close();
  if (unprivileged !== undefined) chownTree(t.dir, unprivileged);
  return { dir: t.dir, key, env: { PATH: process.env.PATH, HOME: t.dir, GATEHOUSE_DATA_DIR: t.dir } };
}

async function serveOn(env: NodeJS.ProcessEnv, args: string[] = []): Promise<ServeProc> {
  const s = await startServe(['--log-format', 'json', ...args], { env, uid: unprivileged });
  procs.push(s);
  return s;
}

const json = async (url: string, headers: Record<string, string> = {}) => {
  const r = await raw(url, { headers });
  return { status: r.status, body: JSON.parse(r.text) as Record<string, unknown> };
};

describe('/healthz and /readyz', () => {
  let home: ReturnType<typeof dataDir>;
  let serve: ServeProc;
  beforeAll(async () => {
    home = dataDir();
    serve = await startServe(['--log-format', 'json'], { env: { ...home.env, GATEHOUSE_MASTER_KEY: home.key }, uid: unprivileged });
  });
  afterAll(() => serve?.stop());

  it('answer without a session, to any Host (probes send the pod address), with JSON', async () => {
    for (const host of [new URL(serve.listen).host, '10.1.2.3:7337']) {
      expect(await json(`${serve.listen}/healthz`, { host })).toEqual({ status: 200, body: { status: 'ok', version: expect.any(String) } });
      expect(await json(`${serve.listen}/readyz`, { host })).toEqual({
        status: 200,
        body: { status: 'ready', checks: { database: { ok: true }, schema: { ok: true }, signing_keys: { ok: true }, accepting: { ok: true } } },
      });
    }
    // Everything else still checks the Host.
    expect((await raw(`${serve.listen}/.well-known/oauth-authorization-server`, { headers: { host: '10.1.2.3:7337' } })).status).toBe(421);
    expect((await raw(`${serve.listen}/readyz`, { method: 'POST', headers: { origin: 'http://evil.example' } })).status).toBe(405);
  });

  it('readyz is 503 naming the database while the database file cannot be read, and 200 again after', async () => {
    const db = join(home.dir, 'gatehouse.db');
    chmodSync(db, 0o000);
    const down = await poll(async () => {
      const r = await json(`${serve.listen}/readyz`);
      return r.status === 503 ? r : undefined;
    }, 5000, 'readyz 503');
    const checks = down.body.checks as Record<string, { ok: boolean; reason?: string }>;
    expect(down.body.status).toBe('not_ready');
    expect(checks.database).toEqual({ ok: false, reason: expect.stringMatching(/^the database cannot be read and written: EACCES/) });
    expect(checks.signing_keys).toEqual({ ok: true });
    // The process is still up: liveness must not restart it for a database outage.
    expect((await json(`${serve.listen}/healthz`)).status).toBe(200);
    chmodSync(db, 0o600);
    await poll(async () => ((await json(`${serve.listen}/readyz`)).status === 200 ? true : undefined), 5000, 'readyz 200 again');
  });
});

describe('GATEHOUSE_MASTER_KEY_FILE', () => {
  function keyFile(dir: string, content: string | Buffer, mode = 0o400, name = 'master.key'): string {
    const secrets = join(dir, 'secrets');
    mkdirSync(secrets, { recursive: true });
    const file = join(secrets, name);
    writeFileSync(file, content);
    chmodSync(file, mode);
    if (unprivileged !== undefined) chownTree(secrets, unprivileged);
    return file;
  }
  const warnings = (s: ServeProc) => s.records().filter((r) => r.level === 'warn');

  it('opens the data dir with the key in a mounted file, base64 with a trailing newline or 32 raw bytes, and warns of nothing', async () => {
    const home = dataDir();
    const file = keyFile(home.dir, `${home.key}\n`);
    const s = await serveOn({ ...home.env, GATEHOUSE_MASTER_KEY_FILE: file });
    expect((await json(`${s.listen}/readyz`)).status).toBe(200);
    expect(warnings(s)).toEqual([]);
    await s.stop();
    const rawKey = dataDir(randomBytes(32).toString('base64'));
    const s2 = await serveOn({ ...rawKey.env, GATEHOUSE_MASTER_KEY_FILE: keyFile(rawKey.dir, Buffer.from(rawKey.key, 'base64')) });
    expect((await json(`${s2.listen}/readyz`)).status).toBe(200);
  });

  it('warns, naming the file and the mode to use, when every user can read it', async () => {
    const home = dataDir();
    const file = keyFile(home.dir, home.key, 0o644);
    const s = await serveOn({ ...home.env, GATEHOUSE_MASTER_KEY_FILE: file });
    expect(warnings(s)).toEqual([expect.objectContaining({ event: 'master_key_file_readable', path: file, msg: expect.stringContaining('mode 0644') })]);
    expect(warnings(s)[0]!.msg).toContain('0400');
  });

  it('refuses to start with a short, an empty or a missing file, or with both variables set, naming the variable', async () => {
    const home = dataDir();
    const cases: [NodeJS.ProcessEnv, RegExp][] = [
      [{ GATEHOUSE_MASTER_KEY_FILE: keyFile(home.dir, randomBytes(16).toString('base64'), 0o400, 'short.key') }, /GATEHOUSE_MASTER_KEY_FILE\) holds 24 bytes that are neither base64 of 32 bytes/],
      [{ GATEHOUSE_MASTER_KEY_FILE: keyFile(home.dir, '\n', 0o400, 'empty.key') }, /GATEHOUSE_MASTER_KEY_FILE\) is empty/],
      [{ GATEHOUSE_MASTER_KEY_FILE: join(home.dir, 'nowhere.key') }, /GATEHOUSE_MASTER_KEY_FILE names .*nowhere\.key, which does not exist/],
      [{ GATEHOUSE_MASTER_KEY_FILE: join(home.dir, 'nowhere.key'), GATEHOUSE_MASTER_KEY: home.key }, /both GATEHOUSE_MASTER_KEY and GATEHOUSE_MASTER_KEY_FILE are set/],
    ];
    for (const [env, message] of cases) {
      const r = await gatehouse(['serve', '--port', '0', '--log-format', 'text'], { ...home.env, ...env }, unprivileged);
      expect(r.code, r.stderr).not.toBe(0);
      expect(r.stderr).toMatch(message);
    }
  });
});

describe('serve beyond loopback', () => {
  it('refuses a non-loopback --host without an https --public-url, naming the flags', async () => {
    const home = dataDir();
    const env = { ...home.env, GATEHOUSE_MASTER_KEY: home.key };
    for (const extra of [[], ['--public-url', 'http://gh.example.test']]) {
      const r = await gatehouse(['serve', '--host', '0.0.0.0', '--port', '0', ...extra], env);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--host 0\.0\.0\.0 is not a loopback address.*--public-url https:\/\/.*--host 127\.0\.0\.1/s);
    }
    const trust = await gatehouse(['serve', '--trust-proxy', '--port', '0'], env);
    expect(trust.code).toBe(2);
    expect(trust.stderr).toContain('--trust-proxy needs --public-url');
  });

  it('listens on every address with an https --public-url', async () => {
    const home = dataDir();
    const s = await serveOn({ ...home.env, GATEHOUSE_MASTER_KEY: home.key }, ['--host', '0.0.0.0', '--public-url', PUBLIC]);
    expect(s.ready).toMatchObject({ event: 'ready', issuer: PUBLIC });
    expect((await json(`${s.listen}/healthz`)).status).toBe(200);
  });
});
