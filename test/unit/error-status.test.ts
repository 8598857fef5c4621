// Every error code's HTTP status, and real admin API calls over HTTP that the admin can
// fix answered with 4xx (the issue: a malformed client config, CONFIG_INVALID, came
// back 500; 13 codes fell through to the default).
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApi } from '../../src-main/api';
import { createHttpServer, type GatehouseHttpServer } from '../../src-main/http';
import { HTTP_STATUS_OF_CODE, statusOfCode } from '../../src-main/http/error-status';
import { openTestCore, tmpDir } from '../helpers/core';
import { FIXTURES } from '../helpers/fixtures';

// The specification: one row per code. A code added to the union fails typecheck in
// error-status.ts until it has a status, and fails here until it has a row.
const EXPECTED = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  UNKNOWN_METHOD: 404,
  CONFLICT: 409,
  AMBIGUOUS_NAME: 409,
  READ_ONLY: 409,
  SCHEMA_TOO_NEW: 409,
  SCHEMA_TOO_OLD: 409,
  MASTER_KEY_MISSING: 409,
  MASTER_KEY_INVALID: 409,
  WRONG_MASTER_KEY: 409,
  UPSTREAM_SIGN_IN_NEEDED: 409,
  CONFIG_INVALID: 422,
  DISCOVERY_FAILED: 502,
  UPSTREAM_AUTH_FAILED: 502,
  NOT_RUNNING: 503,
  KEYCHAIN_UNAVAILABLE: 503,
  DISK_FULL: 507,
  DATA_DIR_READ_ONLY: 503,
  DATABASE_BUSY: 503,
  DATABASE_UNAVAILABLE: 503,
  // Something team mode (PostgreSQL) does not do yet: the server's gap, not the caller's.
  TEAM_MODE_UNSUPPORTED: 501,
  VAULT_TAMPERED: 500,
  MIGRATION_EDITED: 500,
  INTERNAL: 500,
};

describe('HTTP status per error code', () => {
  it('has a status for every code, as specified', () => {
    expect(Object.keys(HTTP_STATUS_OF_CODE).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const [code, status] of Object.entries(EXPECTED)) expect(statusOfCode(code), code).toBe(status);
    expect(statusOfCode('SOMETHING_ELSE')).toBe(500);
    expect(statusOfCode('constructor')).toBe(500); // not an inherited property
  });

  it('answers the admin-fixable codes with 4xx and keeps 500 for integrity failures and bugs', () => {
    const serverSide = Object.entries(HTTP_STATUS_OF_CODE).filter(([, s]) => s >= 500).map(([c]) => c).sort();
    expect(serverSide).toEqual([
      'DATABASE_BUSY',
      'DATABASE_UNAVAILABLE',
      'DATA_DIR_READ_ONLY',
      'DISCOVERY_FAILED',
      'DISK_FULL',
      'INTERNAL',
      'KEYCHAIN_UNAVAILABLE',
      'MIGRATION_EDITED',
      'NOT_RUNNING',
      'TEAM_MODE_UNSUPPORTED',
      'UPSTREAM_AUTH_FAILED',
      'VAULT_TAMPERED',
    ]);
  });
});

describe('real admin API calls over HTTP', () => {
  const cleanups: (() => void | Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });

  async function start() {
    const t = tmpDir();
    const home = join(t.dir, 'home');
    mkdirSync(join(home, '.config/Claude'), { recursive: true });
    const { core } = openTestCore(join(t.dir, 'data'));
    const api = createApi(core, { clients: { paths: { platform: 'linux', home, env: { HOME: home } }, launcher: { command: '/n', args: ['/c.js'], env: {} } } });
    const s: GatehouseHttpServer = await createHttpServer({ api, staticDir: join(t.dir, 'ui') });
    cleanups.push(t.cleanup, () => core.close(), () => s.close());
    const login = await fetch(s.adminLoginUrl(), { redirect: 'manual' });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const post = async (method: string, body: unknown) => {
      const res = await fetch(`${s.url}/admin/api/${method}`, { method: 'POST', headers: { Origin: s.url, Cookie: cookie, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } };
    };
    return { core, home, post };
  }

  it('a malformed client config is 422 CONFIG_INVALID; unknown, ambiguous and invalid inputs are 404, 409 and 400', async () => {
    const { core, home, post } = await start();
    copyFileSync(join(FIXTURES, 'claude_desktop_config.malformed.json'), join(home, '.config/Claude/claude_desktop_config.json'));
    const key = core.keys.create({ name: 'k', expiresInSeconds: null, rules: [], rateLimit: null });
    const malformed = await post('clients.protect', { client: 'claude-desktop', servers: ['x'], keyId: key.key.id });
    expect(malformed).toMatchObject({ status: 422, body: { error: { code: 'CONFIG_INVALID' } } });

    expect(await post('servers.get', { name: 'nope' })).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    for (const name of ['Files', 'files']) core.servers.add({ transport: 'stdio', name, command: 'x', args: [], cwd: null, env: {} });
    expect(await post('servers.get', { name: 'FILES' })).toMatchObject({ status: 409, body: { error: { code: 'AMBIGUOUS_NAME' } } });
    expect(await post('keys.create', { name: '' })).toMatchObject({ status: 400, body: { error: { code: 'INVALID_INPUT' } } });
    expect(await post('keys.rotate', { id: key.key.id, graceSeconds: 0 })).toMatchObject({ status: 200 });
    core.keys.revoke(key.key.id);
    expect(await post('keys.rotate', { id: key.key.id, graceSeconds: 0 })).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT' } } });
  });

  it('a server that cannot start is 502 DISCOVERY_FAILED, with its reason', async () => {
    const { core, post } = await start();
    core.servers.add({ transport: 'stdio', name: 'gone', command: '/nonexistent/gatehouse-test-binary', args: [], cwd: null, env: {} });
    const r = await post('servers.discover', { name: 'gone' });
    expect(r).toMatchObject({ status: 502, body: { error: { code: 'DISCOVERY_FAILED' } } });
  });
});
