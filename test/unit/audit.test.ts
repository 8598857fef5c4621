import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../src-main/core/audit/log';
import { auditPerMinute } from '../../src-main/core/audit/per-minute';
import { queryAudit } from '../../src-main/core/audit/query';
import { maintainDatabase } from '../../src-main/core/audit/retention';
import { redact } from '../../src-main/core/audit/redact';
import { oauthStoreOf } from '../../src-main/core/oauth';
import { freshCores, openTestCore } from '../helpers/core';
import { memoryLogger } from '../helpers/log';

const cores = freshCores();
const setup = () => cores.open();

describe('audit log', () => {
  it('writes a burst in the background in bounded transactions, in order, losing none', async () => {
    const { core } = setup();
    const written = () => queryAudit(core.db, { server: 'fs', limit: 1000 }).events.length;
    for (let i = 0; i < 600; i++) core.audit.record({ action: 'mcp.request', server: 'fs', tool: `t${i}`, decision: 'allowed' });
    expect(written()).toBe(0); // nothing written while the caller relays its message
    await new Promise((r) => setImmediate(r));
    expect(written()).toBe(256); // one bounded transaction per turn of the event loop, not the whole burst
    await expect.poll(written, { timeout: 2000 }).toBe(600);
    const tools = queryAudit(core.db, { server: 'fs', limit: 1000 }).events.map((e) => e.tool).reverse();
    expect(tools).toEqual(Array.from({ length: 600 }, (_, i) => `t${i}`));
  });

  it('filters by principal, server, tool and decision, newest first, in pages', () => {
    const { core } = setup();
    const base = Date.parse('2026-03-01T10:00:00Z');
    for (let i = 0; i < 25; i++) {
      core.audit.record({
        ts: base + i * 1000,
        action: 'mcp.request',
        principalType: 'api_key',
        principalId: i % 2 ? 'key_a' : 'key_b',
        server: i % 5 ? 'fs' : 'github',
        tool: `t${i % 3}`,
        method: 'tools/call',
        decision: i % 4 ? 'allowed' : 'denied',
      });
    }
    core.audit.flush();
    const p1 = queryAudit(core.db, { server: 'fs', limit: 10 });
    expect(p1.events).toHaveLength(10);
    expect(p1.events.every((e) => e.server === 'fs')).toBe(true);
    expect(p1.events[0]!.ts > p1.events[9]!.ts).toBe(true);
    const p2 = queryAudit(core.db, { server: 'fs', limit: 10, cursor: p1.nextCursor! });
    expect(p2.events).toHaveLength(10);
    expect(p2.nextCursor).toBeNull();
    expect(new Set([...p1.events, ...p2.events].map((e) => e.id)).size).toBe(20);
    const deniedB = queryAudit(core.db, { decision: 'denied', principalId: 'key_b', limit: 100 }).events;
    expect(deniedB.length).toBeGreaterThan(0);
    expect(deniedB.every((e) => e.principalId === 'key_b' && e.decision === 'denied')).toBe(true);
    const denied = queryAudit(core.db, { decision: 'denied', limit: 100 }).events;
    expect(denied.every((e) => e.decision === 'denied')).toBe(true);
    expect(denied).toHaveLength(7);
    const since = queryAudit(core.db, { since: new Date(base + 20_000).toISOString(), limit: 100 }).events;
    expect(since).toHaveLength(5);
  });

  it('joins the key name for display', () => {
    const { core } = setup();
    const { key } = core.keys.create({ name: 'Claude laptop', expiresInSeconds: null, rules: [], rateLimit: null });
    core.audit.record({ action: 'mcp.request', principalType: 'api_key', principalId: key.id, decision: 'allowed' });
    core.audit.flush();
    expect(queryAudit(core.db, { decision: 'allowed', limit: 5 }).events[0]!.principalName).toBe('Claude laptop');
  });

  it("joins an OAuth client's name, and never takes a key's name for a client with the same id", async () => {
    const { core } = setup();
    const { client } = await oauthStoreOf(core).clients.create({
      name: 'Claude Code', redirectUris: ['http://127.0.0.1/cb'], grants: ['authorization_code'], scopes: [], rules: [], public: true,
    });
    core.audit.record({ action: 'mcp.request', principalType: 'oauth_client', principalId: client.clientId, decision: 'allowed' });
    core.audit.record({ action: 'mcp.request', principalType: 'api_key', principalId: client.clientId, decision: 'denied' });
    core.audit.flush();
    const events = queryAudit(core.db, { limit: 5 }).events;
    expect(events.find((e) => e.decision === 'allowed')!.principalName).toBe('Claude Code');
    expect(events.find((e) => e.decision === 'denied')!.principalName).toBeNull();
  });

  it('counts calls per minute by decision with empty minutes filled', () => {
    const { core } = setup();
    const now = Date.parse('2026-03-01T10:05:30Z');
    core.audit.record({ ts: now - 60_000, action: 'mcp.request', decision: 'allowed' });
    core.audit.record({ ts: now - 60_000, action: 'mcp.request', decision: 'rate_limited' });
    core.audit.record({ ts: now, action: 'mcp.request', decision: 'denied' });
    core.audit.record({ ts: now, action: 'key.create' });
    core.audit.flush();
    const minutes = auditPerMinute(core.db, 5, now);
    expect(minutes).toHaveLength(5);
    expect(minutes.at(-1)).toMatchObject({ minute: '2026-03-01T10:05:00.000Z', denied: 1, allowed: 0 });
    expect(minutes.at(-2)).toMatchObject({ allowed: 1, rate_limited: 1 });
    expect(minutes[0]).toMatchObject({ allowed: 0, denied: 0, rate_limited: 0, error: 0 });
  });

  it('prunes events older than the retention', async () => {
    const { core } = setup();
    const now = Date.now();
    core.audit.record({ ts: now - 10 * 86_400_000, action: 'old' });
    core.audit.record({ ts: now, action: 'new' });
    core.audit.flush();
    expect((await maintainDatabase(core.db, () => null, { retentionDays: 7, now })).removed).toBe(1);
    expect(queryAudit(core.db, { limit: 10 }).events.map((e) => e.action)).toContain('new');
    expect(queryAudit(core.db, { limit: 10 }).events.map((e) => e.action)).not.toContain('old');
  });

  it('keeps events queued instead of blocking while another process holds the write lock', () => {
    const { core, dir, key } = setup();
    const other = openTestCore(dir, key).core;
    cores.later(() => other.close());
    const log = new AuditLog(core.db);
    other.db.prepare('BEGIN IMMEDIATE').run(); // another process is writing
    log.record({ action: 'queued' });
    const start = Date.now();
    log.flush(false);
    expect(Date.now() - start).toBeLessThan(1000); // did not wait out the 10 s busy timeout
    other.db.prepare('COMMIT').run();
    log.flush();
    expect(queryAudit(core.db, { limit: 10 }).events.map((e) => e.action)).toContain('queued');
  });
});

describe('redaction', () => {
  it('replaces secret-looking names and values, keeps the rest', () => {
    expect(
      redact({
        path: '/home/ana/notes.md',
        password: 'hunter2',
        headers: { Authorization: 'Bearer abc.def', accept: 'json' },
        list: ['plain', 'sk-live_0123456789abcdefABCDEF'],
        jwt: 'x',
        text: 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln',
        count: 3,
      }),
    ).toEqual({
      path: '/home/ana/notes.md',
      password: '[redacted]',
      headers: { Authorization: '[redacted]', accept: 'json' },
      list: ['plain', '[redacted]'],
      jwt: 'x',
      text: '[redacted]',
      count: 3,
    });
  });

  it('cuts long strings and deep nesting', () => {
    const deep: Record<string, unknown> = {};
    let cur = deep;
    for (let i = 0; i < 20; i++) cur = (cur.n = {}) as Record<string, unknown>;
    expect(JSON.stringify(redact(deep))).toContain('[…]');
    expect((redact('a '.repeat(1000)) as string).length).toBeLessThan(510);
  });
});

describe('maintenance', () => {
  it('applies the audit retention after the app or serve starts, without holding up the start', async () => {
    const { startMaintenance } = await import('../../src-main/core/maintenance');
    const { core } = setup();
    core.settings.update({ auditRetentionDays: 1 });
    core.audit.record({ ts: Date.now() - 2 * 86_400_000, action: 'stale' });
    core.audit.record({ action: 'fresh' });
    core.audit.flush();
    const { logger, lines } = memoryLogger('text');
    const maintenance = startMaintenance(core, logger, 60_000);
    // Started, not run: the first run waits for start-up to finish.
    expect(queryAudit(core.db, { limit: 10 }).events.map((e) => e.action)).toContain('stale');
    await maintenance.runNow();
    maintenance.stop();
    const actions = queryAudit(core.db, { limit: 10 }).events.map((e) => e.action);
    expect(actions).toContain('fresh');
    expect(actions).not.toContain('stale');
    expect(lines).toEqual(['gatehouse: audit: removed 1 events past the retention in 1 batches (at most 1 rows each)\n']);
  });
});

describe('audit log failures', () => {
  it('a database that refuses writes is reported, not thrown from the timer', () => {
    const { core } = setup();
    const { logger, lines } = memoryLogger('json');
    const log = new AuditLog(core.db, logger);
    core.db.pragma('query_only = ON');
    log.record({ action: 'x' });
    expect(() => log.flush(false)).not.toThrow();
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'error', event: 'audit_write_failed', events: 1 });
    expect(lines[0]).toMatch(/could not record 1 events/);
    core.db.pragma('query_only = OFF');
  });
});
