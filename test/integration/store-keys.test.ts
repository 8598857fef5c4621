// API keys and the audit log on the store interface, on both engines: what a user sees
// of them (a key made, checked, rotated and revoked; the Keys screen's pages; the Audit
// screen's filtered pages, count, export and chart; retention) is the same on a migrated
// SQLite file and on a migrated PostgreSQL database of this file's own.
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../src-main/core/audit/log';
import { auditPerMinute, PER_MINUTE_SQL } from '../../src-main/core/audit/per-minute';
import { auditPageSql, auditWhere, countAudit, exportAuditChunk, queryAudit } from '../../src-main/core/audit/query';
import { maintainDatabase, PRUNE_SQL } from '../../src-main/core/audit/retention';
import { encodeCursor } from '../../src-main/core/db/keyset';
import { keyPageSql } from '../../src-main/core/keys/pages';
import { BackupStore } from '../../src-main/core/client-apps/backups';
import { EntryRecords } from '../../src-main/core/client-apps/records';
import { openVault } from '../../src-main/core/crypto/vault';
import type { Sql } from '../../src-main/core/db/sql';
import { startChangeFeed, type ChangeFeed } from '../../src-main/core/db/change-feed';
import { silentLogger } from '../../src-main/core/log';
import { KeyService } from '../../src-main/core/keys/service';
import { latestMigration, storeProbes } from '../../src-main/core/store-probes';
import type { SystemStatus } from '../../src-shared/model/system';
import type { KeyListQuery } from '../../src-shared/model/keys';
import { envKeyProviders, masterKey, tmpDir } from '../helpers/core';
import { ENGINES, freshStores } from '../helpers/engines';
import { migrated, openMigratedSql } from '../helpers/migrated-store';

const stores = freshStores();
const rules = [{ effect: 'allow' as const, pattern: 'fs:*' }];
const DAY = 86_400_000;

const audits = new WeakMap<KeyService, AuditLog>();

function keyServiceOn(sql: Sql, key: string, now: () => number): KeyService {
  const vault = openVault(sql, '(test)', envKeyProviders(key));
  const audit = new AuditLog(sql);
  const keys = new KeyService(sql, vault, audit, now);
  audits.set(keys, audit);
  return keys;
}

/** Every page of a list, walked with its cursors. */
function walk(keys: KeyService, q: KeyListQuery): string[] {
  const names: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 50; pages++) {
    const page = keys.list({ ...q, limit: 2, ...(cursor ? { cursor } : {}) });
    names.push(...page.keys.map((k) => k.name));
    if (!page.nextCursor) return names;
    cursor = page.nextCursor;
  }
  throw new Error('the pages never ended');
}

/** n audit rows, one statement: row i at end - (n - 1 - i) * step, principals, servers and tools in turn. */
function bulkAudit(sql: Sql, n: number, end: number, step: number): void {
  sql.run(
    `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < CAST(? AS BIGINT) - 1)
     INSERT INTO audit_events (ts, action, principal_type, principal_id, server, tool, decision)
     SELECT CAST(? AS BIGINT) - (CAST(? AS BIGINT) - 1 - i) * CAST(? AS BIGINT), 'mcp.request', 'api_key',
       CASE i % 3 WHEN 0 THEN 'key_a' WHEN 1 THEN 'key_b' ELSE 'key_c' END,
       CASE i % 2 WHEN 0 THEN 'fs' ELSE 'git' END,
       CASE i % 5 WHEN 0 THEN 'write_file' ELSE 'read_file' END,
       CASE i % 4 WHEN 0 THEN 'denied' ELSE 'allowed' END
     FROM n`,
    [n, end, n, step],
  );
}

describe.each(ENGINES)('keys and the audit log on %s', (engine) => {
  const open = () => openMigratedSql(stores, engine);

  it('a key is made, checked, rotated with a grace period, and revoked', async () => {
    const { sql } = await open();
    let t = Date.parse('2026-01-01T00:00:00Z');
    const keys = keyServiceOn(sql, masterKey(), () => t);
    const made = keys.create({ name: 'laptop', description: 'Claude', expiresInSeconds: null, rules, rateLimit: { limit: 10, window: 'minute' } });
    expect(keys.verify(made.secret)).toMatchObject({ ok: true, keyId: made.key.id, name: 'laptop', rules, rateLimit: { limit: 10, window: 'minute' } });
    expect(keys.verify(made.secret.slice(0, -1) + (made.secret.endsWith('A') ? 'B' : 'A'))).toMatchObject({ ok: false });
    expect(keys.reveal(made.key.id).secret).toBe(made.secret);

    const rotated = keys.rotate(made.key.id, 60);
    expect(keys.get(made.key.id)).toMatchObject({ status: 'rotating', secrets: [{ state: 'current' }, { state: 'grace' }] });
    expect(keys.verify(made.secret).ok).toBe(true);
    expect(keys.verify(rotated.secret).ok).toBe(true);
    t += 61_000;
    expect(keys.verify(made.secret)).toMatchObject({ ok: false, reason: 'rotated' });
    expect(keys.verify(rotated.secret).ok).toBe(true);

    keys.touch(made.key.id);
    expect(keys.get(made.key.id).lastUsedAt).toBe(new Date(t).toISOString());
    expect(keys.update(made.key.id, { name: 'laptop 2' }).name).toBe('laptop 2');
    expect(keys.revoke(made.key.id).status).toBe('revoked');
    expect(keys.verify(rotated.secret)).toMatchObject({ ok: false, reason: 'revoked' });
    expect(() => keys.rotate(made.key.id, 60)).toThrow(/revoked/);
    expect(() => keys.get('key_nope')).toThrow(/no API key/);
    audits.get(keys)!.flush();
    expect(sql.all<{ action: string }>("SELECT action FROM audit_events WHERE principal_id = ? ORDER BY id", [made.key.id]).map((r) => r.action)).toEqual([
      'key.create',
      'key.reveal',
      'key.rotate',
      'key.update',
      'key.revoke',
    ]);
  });

  it('a revocation through another connection (another replica) is refused here within seconds', async () => {
    const { sql, store } = await open();
    const key = masterKey();
    const here = keyServiceOn(sql, key, Date.now);
    const there = keyServiceOn(stores.reopen(store), key, Date.now);
    const made = here.create({ name: 'shared', expiresInSeconds: null, rules, rateLimit: null });
    const other = here.create({ name: 'other', expiresInSeconds: null, rules, rateLimit: null });
    expect(here.verify(made.secret).ok).toBe(true);
    expect(here.verify(other.secret).ok).toBe(true);
    const hits = here.cache.stats.hits;
    expect(here.verify(made.secret).ok).toBe(true);
    expect(here.cache.stats.hits).toBe(hits + 1); // answered from the cache
    there.revoke(made.key.id);
    await expect.poll(() => here.verify(made.secret), { timeout: 5000, interval: 50 }).toMatchObject({ ok: false, reason: 'revoked' });
    expect(here.verify(other.secret).ok).toBe(true);
  });

  it.runIf(engine === 'postgres')('a key change whose log row commits after a later-numbered one still reaches the cache', async () => {
    const { sql, store } = await open();
    const key = masterKey();
    const here = keyServiceOn(sql, key, Date.now);
    const made = here.create({ name: 'late', expiresInSeconds: null, rules, rateLimit: null });
    const other = here.create({ name: 'other', expiresInSeconds: null, rules, rateLimit: null });
    expect(here.verify(made.secret).ok).toBe(true);
    expect(here.verify(other.secret).ok).toBe(true);
    // Another replica renames the other key: once this cache shows the new name, it has read the log past that row.
    const late = stores.reopen(store);
    // A transaction on another replica takes its number now (as its INSERT would) and commits only later.
    const reserved = late.get<{ seq: number }>("SELECT nextval(pg_get_serial_sequence('api_key_changes', 'seq')) AS seq")!.seq;
    keyServiceOn(late, key, Date.now).update(other.key.id, { name: 'other 2' });
    await expect.poll(() => here.verify(other.secret), { timeout: 5000, interval: 50 }).toMatchObject({ ok: true, name: 'other 2' });
    // That transaction commits now: the key revoked, its log row numbered before the rename's.
    late.tx(() => {
      late.exec('ALTER TABLE api_keys DISABLE TRIGGER USER');
      late.run('UPDATE api_keys SET revoked_at = ? WHERE id = ?', [Date.now(), made.key.id]);
      late.exec('ALTER TABLE api_keys ENABLE TRIGGER USER');
      late.run('INSERT INTO api_key_changes (seq, key_id, changed_at) VALUES (?, ?, ?)', [reserved, made.key.id, Date.now()]);
    });
    expect(sql.get<{ n: number }>('SELECT count(*) AS n FROM api_key_changes WHERE seq > ?', [reserved])!.n).toBeGreaterThan(0);
    await expect.poll(() => here.verify(made.secret), { timeout: 5000, interval: 50 }).toMatchObject({ ok: false, reason: 'revoked' });
  });

  it('keys in pages: every order walked with cursors, a case-insensitive prefix search, live keys only, by ids', async () => {
    const { sql } = await open();
    let t = Date.parse('2026-01-01T00:00:00Z');
    const keys = keyServiceOn(sql, masterKey(), () => t);
    const names = ['delta', 'Alpha', 'charlie', 'bravo', 'Beta', 'echo', 'apple'];
    const ids = new Map<string, string>();
    for (const name of names) {
      ids.set(name, keys.create({ name, expiresInSeconds: name === 'echo' ? 60 : name === 'bravo' ? 3600 : null, rules, rateLimit: null }).key.id);
      t += 1000;
    }
    expect(walk(keys, { sort: 'newest' })).toEqual([...names].reverse());
    expect(walk(keys, { sort: 'oldest' })).toEqual(names);
    expect(walk(keys, { sort: 'name' })).toEqual(['Alpha', 'apple', 'Beta', 'bravo', 'charlie', 'delta', 'echo']);
    expect(walk(keys, { sort: 'name_desc' })).toEqual(['echo', 'delta', 'charlie', 'bravo', 'Beta', 'apple', 'Alpha']);
    expect(walk(keys, { search: 'A' })).toEqual(['Alpha', 'apple']);
    expect(walk(keys, { search: 'b', sort: 'name_desc' })).toEqual(['bravo', 'Beta']);
    expect(walk(keys, { sort: 'expiry' })).toEqual(['echo', 'bravo']);
    keys.revoke(ids.get('delta')!);
    t += 120_000; // echo expired
    expect(walk(keys, { live: true, sort: 'oldest' })).toEqual(['Alpha', 'charlie', 'bravo', 'Beta', 'apple']);
    expect(keys.search('c', 10, true).map((m) => m.name)).toEqual(['charlie']);
    const picked = keys.byIds([ids.get('apple')!, ids.get('echo')!, 'key_nope']);
    expect(picked.map((k) => [k.name, k.status]).sort()).toEqual([
      ['apple', 'active'],
      ['echo', 'expired'],
    ]);
    expect(() => keys.list({ cursor: 'not a cursor' })).toThrow(/not a cursor/);
  });

  it('byIds reads a long list in chunks, each key once', async () => {
    const { sql } = await open();
    const keys = keyServiceOn(sql, masterKey(), Date.now);
    const made = Array.from({ length: 5 }, (_, i) => keys.create({ name: `k${i}`, expiresInSeconds: null, rules, rateLimit: null }).key.id);
    const many = [...Array.from({ length: 1200 }, (_, i) => `key_missing${i}`), ...made, ...made];
    expect(keys.byIds(many).map((k) => k.id).sort()).toEqual([...made].sort());
  });

  it('the Audit screen: pages filtered by principal, server and tool, newest first, with a count, an export and the chart', async () => {
    const { sql } = await open();
    const end = Date.parse('2026-03-01T12:00:00Z');
    bulkAudit(sql, 300, end, 1000);
    // Two rows at one instant: the page order breaks the tie by id, newest id first.
    sql.run("INSERT INTO audit_events (ts, action, principal_type, principal_id, server, tool, decision) VALUES (?, 'mcp.request', 'api_key', 'key_a', 'fs', 'tie', 'allowed')", [end]);
    sql.run("INSERT INTO audit_events (ts, action, principal_type, principal_id, server, tool, decision) VALUES (?, 'mcp.request', 'api_key', 'key_a', 'fs', 'tie', 'allowed')", [end]);
    const all = sql.all<{ id: number; ts: number; principal_id: string; server: string; tool: string }>('SELECT id, ts, principal_id, server, tool FROM audit_events');
    const newestFirst = (a: { ts: number; id: number }, b: { ts: number; id: number }) => b.ts - a.ts || b.id - a.id;
    const filters = [{ principalId: 'key_b' }, { server: 'git' }, { tool: 'write_file' }, { principalId: 'key_a', server: 'fs' }, {}];
    for (const f of filters) {
      const expected = all
        .filter((r) => (!f.principalId || r.principal_id === f.principalId) && (!f.server || r.server === f.server) && (!('tool' in f) || r.tool === f.tool))
        .sort(newestFirst)
        .map((r) => r.id);
      const seen: number[] = [];
      let cursor: string | undefined;
      do {
        const page = queryAudit(sql, { ...f, limit: 17, ...(cursor ? { cursor } : {}) });
        seen.push(...page.events.map((e) => e.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen, JSON.stringify(f)).toEqual(expected);
      expect(countAudit(sql, f)).toBe(expected.length);
    }
    const window = { since: new Date(end - 9_000).toISOString(), until: new Date(end - 4_000).toISOString() };
    expect(queryAudit(sql, { ...window, limit: 100 }).events.map((e) => e.ts)).toEqual([5, 6, 7, 8, 9].map((s) => new Date(end - s * 1000).toISOString()));
    expect(queryAudit(sql, { since: new Date(end + 60_000).toISOString(), limit: 10 }).events).toEqual([]);

    const chunk = exportAuditChunk(sql, { principalId: 'key_c', format: 'csv', limit: 1000 });
    expect(chunk.rows).toBe(100);
    expect(chunk.nextCursor).toBeNull();
    expect(chunk.text.trim().split('\n').length).toBeGreaterThanOrEqual(100);

    const minutes = auditPerMinute(sql, 6, end);
    expect(minutes).toHaveLength(6);
    expect(minutes.reduce((n, m) => n + m.allowed + m.denied, 0)).toBe(302);
    expect(minutes.reduce((n, m) => n + m.denied, 0)).toBe(75);
  });

  it('readiness: the database answers and the schema is current; a newer schema, and on PostgreSQL a stopped server (seen by the change feed, or without one by the store), are not ready', async () => {
    const { sql, store } = await open();
    const status = () => ({ readOnly: false, readOnlyReason: null }) as unknown as SystemStatus;
    const core = { dataDir: store.dir ?? '(team database)', sql, status, changeFeed: null as ChangeFeed | null };
    // PostgreSQL without a change feed (--database-pool-size 1): the store's connection is asked.
    const feedless = store.url ? storeProbes(core) : [];
    const checkFeedless = () => Object.fromEntries(feedless.map((p) => [p.name, p.check()]));
    if (store.url) {
      expect(checkFeedless()).toEqual({ database: { ok: true }, schema: { ok: true } });
      core.changeFeed = startChangeFeed(store.url, silentLogger);
      stores.later(() => void core.changeFeed!.close());
      await core.changeFeed.ready();
    }
    const probes = storeProbes(core);
    const check = () => Object.fromEntries(probes.map((p) => [p.name, p.check()]));
    expect(check()).toEqual({ database: { ok: true }, schema: { ok: true } });
    sql.run('INSERT INTO schema_migrations (id, name, hash, applied_at) VALUES (?, ?, ?, ?)', [latestMigration() + 1, 'future', 'x', 0]);
    expect(check().schema).toEqual({ ok: false, reason: expect.stringMatching(/newer than this build knows.*update Gatehouse/) });
    sql.run('DELETE FROM schema_migrations WHERE id = ?', [latestMigration() + 1]);
    if (engine !== 'postgres') return;
    stores.server().halt();
    try {
      await expect.poll(() => core.changeFeed!.listening, { interval: 20, timeout: 10_000 }).toBe(false);
      const reason = expect.stringMatching(/^the database cannot be reached/);
      expect(check()).toEqual({ database: { ok: false, reason }, schema: { ok: false, reason } });
      expect(checkFeedless()).toEqual({ database: { ok: false, reason }, schema: { ok: false, reason } });
    } finally {
      stores.server().start();
    }
    await expect.poll(() => check(), { interval: 50, timeout: 15_000 }).toEqual({ database: { ok: true }, schema: { ok: true } });
    expect(checkFeedless()).toEqual({ database: { ok: true }, schema: { ok: true } });
  });

  it("client apps' records and backups: a protected entry recorded, listed by filter, put back from a snapshot; backups listed newest first and pruned", async () => {
    const { sql } = await open();
    const vault = openVault(sql, '(test)', envKeyProviders(masterKey()));
    const records = new EntryRecords(sql, vault);
    const original = { raw: '{"command":"npx"}', value: { command: 'npx' } };
    records.putPending('claude', '/c.json', 'fs', 'key_1', original);
    records.putPending('claude', '/c.json', 'git', 'key_2', null);
    records.setWritten('claude', '/c.json', 'fs', 'h1');
    expect(records.get('claude', '/c.json', 'fs')).toMatchObject({ keyId: 'key_1', original, writtenHash: 'h1' });
    expect(records.list({ keyId: 'key_2' }).map((r) => r.server)).toEqual(['git']);
    expect(records.list().map((r) => r.server)).toEqual(['fs', 'git']);
    const undo = records.snapshot('claude', '/c.json', ['fs', 'git']);
    records.delete('claude', '/c.json', 'fs');
    records.putPending('claude', '/c.json', 'git', 'key_3', null);
    undo();
    expect(records.list().map((r) => [r.server, r.keyId, r.writtenHash])).toEqual([
      ['fs', 'key_1', 'h1'],
      ['git', 'key_2', null],
    ]);

    const t = tmpDir();
    stores.later(t.cleanup);
    const backups = new BackupStore(sql, t.dir, vault);
    const taken = ['one', 'two', 'three'].map((text) => backups.take('claude', '/c.json', Buffer.from(text), 'test'));
    backups.take('cursor', '/d.json', Buffer.from('other'), 'test');
    expect(backups.list({ client: 'claude' })).toHaveLength(3);
    expect(backups.read(taken[0]!.id).bytes.toString()).toBe('one');
    const { removed } = backups.prune({ configPath: '/c.json' }, 1);
    expect(removed).toHaveLength(2);
    expect(backups.list().map((b) => b.client).sort()).toEqual(['claude', 'cursor']);
    expect(() => backups.get(removed[0]!)).toThrow(/no backup/);
  });

  it('retention deletes old rows in batches, keeps the rest, and prunes the key-change log', async () => {
    const { sql } = await open();
    const now = Date.now();
    bulkAudit(sql, 6000, now - 100 * DAY, 10);
    bulkAudit(sql, 40, now - DAY, 10);
    sql.run('INSERT INTO api_key_changes (key_id, changed_at) VALUES (?, ?), (?, ?)', ['key_old', now - 2 * DAY, 'key_new', now]);
    let pauses = 0;
    const report = await maintainDatabase(sql, () => null, {
      retentionDays: 90,
      now,
      pause: async () => void pauses++,
    });
    expect(report.removed).toBe(6000);
    expect(report.batches).toBeGreaterThan(2);
    expect(report.largestBatch).toBeLessThanOrEqual(5000);
    expect(pauses).toBe(report.batches - 1);
    expect(countAudit(sql, {})).toBe(40);
    expect(sql.all<{ key_id: string }>('SELECT key_id FROM api_key_changes ORDER BY seq').map((r) => r.key_id)).toEqual(['key_new']);
  });
});

/** PostgreSQL's plan of a statement, one line per node. */
function pgPlan(sql: Sql, text: string, params: Record<string, unknown> | unknown[]): string {
  return sql
    .all<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, params)
    .map((r) => r['QUERY PLAN'])
    .join('\n');
}

/** An index read in page order: no full scan of the table, no sort of the whole match (an incremental sort of ts ties is fine). */
function expectIndexOrder(plan: string, table: string) {
  expect(plan).not.toMatch(new RegExp(`Seq Scan on ${table}\\b`));
  expect(plan).not.toMatch(/(^|->)\s*Sort\s+\(/m);
  expect(plan).toMatch(new RegExp(`Index Scan( Backward)? using \\w+ on ${table}\\b`));
}

describe.runIf(ENGINES.includes('postgres'))('query plans on PostgreSQL', () => {
  it("the Keys screen's pages and the Audit screen's pages, chart and retention read an index in page order", async () => {
    const store = await stores.open('postgres');
    const sql = migrated(store);
    sql.run(
      `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 50000)
       INSERT INTO audit_events (ts, action, principal_type, principal_id, server, tool, decision)
       SELECT 1700000000000 + i * 1000, 'mcp.request', 'api_key', 'key_' || (i % 50), 'srv' || (i % 20), 'tool' || (i % 100),
         CASE i % 4 WHEN 0 THEN 'denied' ELSE 'allowed' END FROM n`,
    );
    sql.run(
      `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
       INSERT INTO api_keys (id, name, description, created_at, updated_at, expires_at, rules)
       SELECT 'key_' || i, 'name' || i, '', i, i, CASE WHEN i % 3 = 0 THEN i ELSE NULL END, '[]' FROM n`,
    );
    sql.exec('ANALYZE');
    for (const q of [{}, { sort: 'oldest' }, { sort: 'name' }, { sort: 'name_desc' }, { search: 'NAME' }, { sort: 'expiry' }, { live: true }, { sort: 'name', cursor: encodeCursor(['name5', 'key_5']) }] as const) {
      const built = keyPageSql(q, 5000);
      const plan = pgPlan(sql, built.sql, built.params);
      expectIndexOrder(plan, 'api_keys');
      if ('search' in q || q.sort?.startsWith('name')) expect(plan).toContain('using api_keys_name');
    }
    // A narrow prefix (111 keys): the planner may sort the few rows of the range, but reads only the range.
    const narrow = keyPageSql({ search: 'NAME12' }, 5000);
    const plan = pgPlan(sql, narrow.sql, narrow.params);
    expect(plan).not.toMatch(/Seq Scan on api_keys/);
    expect(plan).toMatch(/Index Cond: \(\(\(name\)::text >= 'NAME12'::text\) AND \(\(name\)::text < 'NAME12/);
    for (const f of [{}, { principalId: 'key_3' }, { server: 'srv1' }, { tool: 'tool7' }, { since: '2023-11-15T00:00:00Z', until: '2023-11-15T00:05:00Z' }, { principalId: 'key_3', cursor: '1700030000000:30000' }]) {
      const where = auditWhere(f);
      expectIndexOrder(pgPlan(sql, auditPageSql(where), { ...where.params, limit: 101 }), 'audit_events');
    }
    expect(pgPlan(sql, PER_MINUTE_SQL, [1700049000000])).toContain('using audit_events_ts on audit_events');
    expect(pgPlan(sql, PRUNE_SQL, [1700001000000, 500])).toMatch(/Index Scan using audit_events_ts on audit_events/);
  });
});
