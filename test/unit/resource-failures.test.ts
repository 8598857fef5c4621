// Resource failures said plainly, in process, on any machine (the real full disk,
// read-only mount and lock are in test/integration/resource-failures.test.ts): SQLite's
// max_page_count makes the database full; the admin API then answers DISK_FULL with the
// fix and HTTP 507, integrity_check stays ok, and the next write after the limit is
// raised succeeds. A database opened read-only for a newer schema is not mistaken for a
// read-only data dir, and errors about files outside the data dir keep their own words.
import { describe, expect, it } from 'vitest';
import { createApi } from '../../src-main/api';
import { resourceFailure } from '../../src-main/core/db/failures';
import { statusOfCode } from '../../src-main/http/admin-api';
import { freshCores } from '../helpers/core';

const cores = freshCores();
const newKey = { name: 'k', rules: [], expiresInSeconds: null, rateLimit: null };
/** How many keys there are (fewer than one page of 500 here). */
const keyCount = (core: { keys: { list(q: { limit: number }): { keys: unknown[] } } }) => core.keys.list({ limit: 500 }).keys.length;

describe('resource failures in the admin API', () => {
  it('a full database (max_page_count): DISK_FULL with the fix, nothing half-written, the next write after the fix succeeds', async () => {
    const { core, dir } = cores.open();
    const api = createApi(core);
    const before = keyCount(core);
    const pages = Number(core.db.pragma('page_count', { simple: true }));
    core.db.pragma(`max_page_count = ${pages}`);
    // Each key takes room; within a few the database is full.
    let failure: { code: string; message: string } | undefined;
    for (let i = 0; i < 200 && !failure; i++) {
      const r = await api.dispatch('keys.create', { ...newKey, name: `k${i}`, rules: [{ effect: 'allow', pattern: `s${i}:${'x'.repeat(200)}` }] }, { actor: 'cli' });
      if ('error' in r) failure = r.error;
    }
    expect(failure?.code).toBe('DISK_FULL');
    expect(failure?.message).toContain(dir);
    expect(failure?.message).toMatch(/is full.*Nothing was changed.*Free some space/s);
    expect(statusOfCode('DISK_FULL')).toBe(507);
    expect(core.db.pragma('integrity_check', { simple: true })).toBe('ok');
    const made = keyCount(core) - before;

    core.db.pragma(`max_page_count = ${pages * 100}`);
    const after = await api.dispatch('keys.create', newKey, { actor: 'cli' });
    expect('data' in after).toBe(true);
    expect(keyCount(core) - before).toBe(made + 1);
  });

  it('a database read-only because its schema is newer is not called a read-only data dir', async () => {
    const { core } = cores.open();
    core.db.pragma('query_only = ON');
    const r = await createApi(core).dispatch('keys.create', newKey, { actor: 'cli' });
    expect('error' in r && r.error.code).not.toBe('DATA_DIR_READ_ONLY');
  });
});

describe('resourceFailure', () => {
  const dir = '/var/lib/gatehouse';
  const err = (code: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(code), { code, ...extra });

  it('names each cause with its own code', () => {
    expect(resourceFailure(err('SQLITE_FULL'), dir)?.code).toBe('DISK_FULL');
    expect(resourceFailure(err('ENOSPC', { path: '/anywhere/else' }), dir)?.code).toBe('DISK_FULL');
    expect(resourceFailure(err('SQLITE_BUSY'), dir)?.code).toBe('DATABASE_BUSY');
    expect(resourceFailure(err('SQLITE_BUSY_SNAPSHOT'), dir)?.code).toBe('DATABASE_BUSY');
    expect(resourceFailure(err('SQLITE_LOCKED'), dir)?.code).toBe('DATABASE_BUSY');
    expect(resourceFailure(err('EROFS', { path: `${dir}/backups/x.json` }), dir)?.code).toBe('DATA_DIR_READ_ONLY');
    expect(resourceFailure(err('EACCES', { path: `${dir}/gatehouse.db` }), dir)?.message).toContain('permission denied');
  });

  it('leaves alone what is not a resource failure, and files outside the data dir', () => {
    expect(resourceFailure(err('EACCES', { path: '/home/ana/.cursor/mcp.json' }), dir)).toBeNull();
    expect(resourceFailure(err('EROFS', { path: '/etc/claude.json' }), dir)).toBeNull();
    expect(resourceFailure(err('SQLITE_CONSTRAINT_UNIQUE'), dir)).toBeNull();
    expect(resourceFailure(new Error('plain'), dir)).toBeNull();
    expect(resourceFailure(null, dir)).toBeNull();
  });
});
