// Team mode's store pieces on a real PostgreSQL: openCore on --database-url refuses a
// schema it does not know with the fix; the change feed moves another connection's
// clock when a replica commits a change (and not for the busy tables); admin sessions
// and one-time links work through any replica; the admin's long reads run off the main
// thread on a connection of their own.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../src-main/core';
import { createClientAppService } from '../../src-main/core/client-apps';
import { AdminSessions } from '../../src-main/http/admin-sessions';
import { startChangeFeed } from '../../src-main/core/db/change-feed';
import { attachChangeFeed, changeClock } from '../../src-main/core/db/changes';
import { postgresMigrations } from '../../src-main/core/db/migrations/postgres';
import { applyMigrations } from '../../src-main/core/db/schema';
import { postgresSql } from '../../src-main/core/db/sql-postgres';
import { GatehouseError } from '../../src-main/core/errors';
import { silentLogger } from '../../src-main/core/log';
import { workerReads } from '../../src-main/core/reads';
import { storeProbes } from '../../src-main/core/store-probes';
import type { SystemStatus } from '../../src-shared/model/system';
import { envKeyProviders, masterKey, tmpDir } from '../helpers/core';
import { FIXTURES, LAUNCHER } from '../helpers/clients';
import { freshStores } from '../helpers/engines';

const stores = freshStores();
const closing: (() => unknown)[] = [];

/** The change clock of a reader connection that listens to the change feed, as each replica's does. */
async function listeningClock(url: string): Promise<() => number> {
  const reader = postgresSql(url);
  closing.push(() => reader.close());
  const feed = startChangeFeed(url, silentLogger);
  closing.push(() => feed.close());
  attachChangeFeed(reader, feed);
  await feed.ready();
  return changeClock(reader);
}
afterEach(async () => {
  while (closing.length) await closing.pop()!();
});

async function database(migrate = true): Promise<string> {
  const url = await stores.server().createDatabase();
  if (migrate) {
    const sql = postgresSql(url);
    applyMigrations(sql, postgresMigrations);
    sql.close();
  }
  return url;
}

function codeOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    return { code: e instanceof GatehouseError ? e.code : 'other', message: (e as Error).message };
  }
  return { code: 'none', message: '' };
}

function teamCore(url: string, key: string): Core {
  const t = tmpDir();
  const core = openCore({ dataDir: t.dir, databaseUrl: url, masterKeyProviders: envKeyProviders(key), log: silentLogger, changeFeed: true });
  closing.push(() => {
    core.close();
    t.cleanup();
  });
  return core;
}

describe('team mode on PostgreSQL', () => {
  it('openCore refuses a database without the schema, and one with an older schema, naming gatehouse migrate', async () => {
    const empty = await database(false);
    const t = tmpDir();
    closing.push(t.cleanup);
    const fresh = codeOf(() => openCore({ dataDir: t.dir, databaseUrl: empty, masterKeyProviders: envKeyProviders(masterKey()), log: silentLogger }));
    expect(fresh.code).toBe('SCHEMA_TOO_OLD');
    expect(fresh.message).toContain('gatehouse migrate --database-url');
    const old = await stores.server().createDatabase();
    const sql = postgresSql(old);
    applyMigrations(sql, postgresMigrations.slice(0, -1));
    sql.close();
    const older = codeOf(() => openCore({ dataDir: t.dir, databaseUrl: old, masterKeyProviders: envKeyProviders(masterKey()), log: silentLogger }));
    expect(older.code).toBe('SCHEMA_TOO_OLD');
    expect(older.message).toMatch(/lacks 16-admin-sessions.*gatehouse migrate/);
  });

  it('refuses a schema from a newer Gatehouse, naming the fix', async () => {
    const url = await database();
    const sql = postgresSql(url);
    sql.run('INSERT INTO schema_migrations (id, name, hash, applied_at) VALUES (?, ?, ?, ?)', [99, 'from-the-future', 'x', Date.now()]);
    sql.close();
    const t = tmpDir();
    closing.push(t.cleanup);
    const r = codeOf(() => openCore({ dataDir: t.dir, databaseUrl: url, masterKeyProviders: envKeyProviders(masterKey()), log: silentLogger }));
    expect(r.code).toBe('SCHEMA_TOO_NEW');
    expect(r.message).toContain('run the newer Gatehouse');
  });

  it('the SQLite handle is not needed: core.db says the part that still needs it is not available in team mode yet', async () => {
    const core = teamCore(await database(), masterKey());
    expect(core.team).toBe(true);
    const r = codeOf(() => core.db);
    expect(r.code).toBe('TEAM_MODE_UNSUPPORTED');
    expect(r.message).toContain('not available in team mode yet');
  });

  it("refuses to protect a client app's config in team mode, naming the fix, and leaves the file as it was", async () => {
    const core = teamCore(await database(), masterKey());
    const home = tmpDir();
    closing.push(() => home.cleanup());
    const file = join(home.dir, '.config/Claude/claude_desktop_config.json');
    mkdirSync(dirname(file), { recursive: true });
    copyFileSync(join(FIXTURES, 'claude_desktop_config.basic.json'), file);
    const before = readFileSync(file, 'utf8');
    const service = createClientAppService(core, { launcher: LAUNCHER, paths: { platform: 'linux', home: home.dir, env: { HOME: home.dir } } });
    const key = core.keys.create({ name: 'Claude Desktop', expiresInSeconds: null, rules: [], rateLimit: null });
    const r = codeOf(() => service.protect({ client: 'claude-desktop', servers: ['github'], keyId: key.key.id }));
    expect(r.code).toBe('TEAM_MODE_UNSUPPORTED');
    expect(r.message).toContain('without --database-url');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it("the change feed moves another replica's clock when a setting changes, and not for audit rows", async () => {
    const url = await database();
    const writer = postgresSql(url);
    closing.push(() => writer.close());
    const clock = await listeningClock(url);
    const before = clock();
    // Nothing changes while nothing is written: the clock does not tick on PostgreSQL with a feed.
    writer.run("INSERT INTO audit_events (ts, action, decision) VALUES (?, 'tool_call', 'allow')", [Date.now()]);
    writer.run("INSERT INTO settings (key, value, updated_at) VALUES ('probe', '1', 0)");
    await expect.poll(() => clock(), { interval: 10, timeout: 1000 }).not.toBe(before);
    const afterSettings = clock();
    writer.run("INSERT INTO audit_events (ts, action, decision) VALUES (?, 'tool_call', 'allow')", [Date.now()]);
    // The audit row's transaction is committed; a round trip later the listener would have seen a notification.
    writer.run("UPDATE settings SET value = '2' WHERE key = 'probe'");
    await expect.poll(() => clock(), { interval: 10, timeout: 1000 }).toBe(afterSettings + 1);
  });

  it("moves another replica's clock when a key is revoked, and not when only its last-used time is stamped", async () => {
    const url = await database();
    const core = teamCore(url, masterKey());
    const created = core.keys.create({ name: 'feed probe', expiresInSeconds: null, rules: [], rateLimit: null });
    const clock = await listeningClock(url);
    const before = clock();
    core.sql.run('UPDATE api_key_secrets SET last_used_at = ? WHERE key_id = ?', [Date.now(), created.key.id]);
    core.sql.run('UPDATE api_keys SET last_used_at = ? WHERE id = ?', [Date.now(), created.key.id]);
    core.keys.revoke(created.key.id);
    // Notifications arrive in commit order: once the one of a later write has come, every
    // earlier one has. The revocation moved the clock once; the stamps before it not at all.
    core.sql.run("INSERT INTO settings (key, value, updated_at) VALUES ('sentinel', '1', 0)");
    await expect.poll(() => clock(), { interval: 10, timeout: 1000 }).toBeGreaterThanOrEqual(before + 2);
    expect(clock()).toBe(before + 2);
  });

  it('admin sessions and one-time links work through any replica', async () => {
    const url = await database();
    const a = new AdminSessions({ store: stores.reopen({ sql: null as never, url, dir: null }) });
    const b = new AdminSessions({ store: stores.reopen({ sql: null as never, url, dir: null }) });
    const token = a.mintLoginToken();
    const opened = b.redeemLoginToken(token);
    expect(opened.ok).toBe(true);
    expect(a.redeemLoginToken(token)).toEqual({ ok: false, reason: 'used' });
    const id = opened.ok ? opened.sessionId : '';
    expect(a.touch(id)).toBe(true);
    expect(b.touch('x'.repeat(43))).toBe(false);
    a.end(id);
    expect(b.touch(id)).toBe(false);
  });

  it('admin sessions expire when idle and are capped', async () => {
    const url = await database();
    let now = 1_000_000;
    const store = stores.reopen({ sql: null as never, url, dir: null });
    const s = new AdminSessions({ store, now: () => now, idleMs: 60_000, maxSessions: 2 });
    const open = () => {
      const r = s.redeemLoginToken(s.mintLoginToken());
      return r.ok ? r.sessionId : '';
    };
    const first = open();
    now += 61_000;
    expect(s.touch(first)).toBe(false);
    const ids = [open(), open(), open()];
    expect(s.sessionCount).toBe(2);
    expect(ids.filter((id) => s.touch(id))).toHaveLength(2);
  });

  it("runs the admin's long reads on the read thread's own PostgreSQL connection, off the calling thread", async () => {
    const url = await database();
    const sql = postgresSql(url);
    closing.push(() => sql.close());
    for (let i = 0; i < 5; i++) sql.run("INSERT INTO audit_events (ts, action, decision) VALUES (?, 'tool_call', 'allow')", [Date.now() - i]);
    const t = tmpDir();
    closing.push(t.cleanup);
    const reads = workerReads({ dataDir: t.dir, databaseUrl: url }, silentLogger);
    closing.push(() => reads.close());
    expect(await reads.run('audit.count', {})).toBe(5);
    expect(reads.threadId).toBeGreaterThan(0);
    const page = await reads.run('audit.page', { limit: 2 });
    expect(page.events).toHaveLength(2);
    expect(page.nextCursor).not.toBeNull();
  });

  // Last: it stops the file's PostgreSQL server for a moment.
  it('is not ready while the database is down, says so without waiting on a statement, and is ready again once it is back', async () => {
    const url = await database();
    const sql = postgresSql(url, { connectTimeoutMs: 2000 });
    closing.push(() => sql.close());
    const feed = startChangeFeed(url, silentLogger);
    closing.push(() => feed.close());
    await feed.ready();
    const status = () => ({ readOnly: false, readOnlyReason: null }) as unknown as SystemStatus;
    const [database_, schema] = storeProbes({ dataDir: '(team database)', sql, status, changeFeed: feed });
    const check = () => [database_!.check(), schema!.check()] as { ok: boolean; reason?: string }[];
    expect(check().map((r) => r.ok)).toEqual([true, true]);
    stores.server().halt();
    try {
      await expect.poll(() => feed.listening, { interval: 20, timeout: 10_000 }).toBe(false);
      const down = check();
      expect(down.map((r) => r.ok)).toEqual([false, false]);
      expect(down[0]!.reason).toContain('cannot be reached');
    } finally {
      stores.server().start();
    }
    await expect.poll(() => feed.listening, { interval: 50, timeout: 15_000 }).toBe(true);
    expect(check().map((r) => r.ok)).toEqual([true, true]);
  });
});
