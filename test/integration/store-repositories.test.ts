// The repositories on the store interface, on both engines: each one that moved off the
// SQLite handle runs here as-is on a migrated SQLite file and on a migrated PostgreSQL
// database of this file's own (GATEHOUSE_TEST_ENGINE narrows the run to one engine).
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../src-main/core/audit/log';
import { ADMIN_LINK_TTL_MS, mintAdminToken, redeemAdminToken } from '../../src-main/core/admin-links';
import { openVault } from '../../src-main/core/crypto/vault';
import { GatehouseError } from '../../src-main/core/errors';
import { ConsentDecisions } from '../../src-main/core/oauth/consent-decisions';
import { SigningKeys } from '../../src-main/core/oauth/signing-keys';
import { readCapabilities, writeCapabilities } from '../../src-main/core/servers/capability-catalog';
import { RegistryNames } from '../../src-main/core/servers/registry-names';
import { ExposureStore } from '../../src-main/core/servers/exposure';
import { RateLimiter } from '../../src-main/core/policy/rate-limiter';
import { SettingsStore } from '../../src-main/core/settings';
import { envKeyProviders, masterKey } from '../helpers/core';
import { ENGINES, freshStores } from '../helpers/engines';
import { openMigratedSql } from '../helpers/migrated-store';

const stores = freshStores();

describe.each(ENGINES)('the repositories on %s', (engine) => {
  const open = () => openMigratedSql(stores, engine);

  it('settings: defaults, an update, and a hand-edited row that falls back to the default', async () => {
    const { sql } = await open();
    const settings = new SettingsStore(sql);
    const before = settings.get();
    const flipped = !before.auditStoreArguments;
    expect(settings.update({ auditStoreArguments: flipped }).auditStoreArguments).toBe(flipped);
    expect(new SettingsStore(sql).current().auditStoreArguments).toBe(flipped);
    sql.run("UPDATE settings SET value = 'not json' WHERE key = 'auditStoreArguments'");
    expect(new SettingsStore(sql).get().auditStoreArguments).toBe(before.auditStoreArguments);
  });

  it('vault: a data key made once, reopened with the same master key, refused with another', async () => {
    const { sql, store } = await open();
    const key = masterKey();
    const dir = store.dir ?? '(team database)';
    const sealed = openVault(sql, dir, envKeyProviders(key)).seal('secret', 'test');
    expect(openVault(sql, dir, envKeyProviders(key)).open(sealed, 'test').toString()).toBe('secret');
    let code = 'none';
    try {
      openVault(sql, dir, envKeyProviders(masterKey()));
    } catch (e) {
      code = e instanceof GatehouseError ? e.code : 'other';
    }
    expect(code).toBe('WRONG_MASTER_KEY');
  });

  it('admin links: spent once, then used; expired and unknown tokens invalid', async () => {
    const { sql } = await open();
    const t0 = Date.now();
    const { token } = mintAdminToken(sql, t0);
    expect(redeemAdminToken(sql, token, t0)).toBe('ok');
    expect(redeemAdminToken(sql, token, t0)).toBe('used');
    const late = mintAdminToken(sql, t0).token;
    expect(redeemAdminToken(sql, late, t0 + ADMIN_LINK_TTL_MS + 1)).toBe('invalid');
    expect(redeemAdminToken(sql, 'A'.repeat(43), t0)).toBe('invalid');
  });

  it('rate limits: a small limit is exact, a refusal says when to retry, and two connections share a leased bucket', async () => {
    const { sql, store } = await open();
    let t = 1_000_000;
    const limiter = new RateLimiter(sql, () => t);
    const small = { limit: 3, window: 'minute' as const };
    expect([1, 2, 3, 4].map(() => limiter.take('p:a', small).ok)).toEqual([true, true, true, false]);
    const refused = limiter.take('p:a', small);
    expect(refused.ok ? 0 : refused.retryAfterMs).toBe(20_000);
    t += 20_000;
    expect(limiter.take('p:a', small).ok).toBe(true);
    const other = new RateLimiter(stores.reopen(store), () => t);
    const big = { limit: 1000, window: 'hour' as const };
    let granted = 0;
    for (let i = 0; i < 1100; i++) if ((i % 2 ? limiter : other).take('p:b', big).ok) granted++;
    // Each holds at most one lease of 1% of the limit that the other cannot use.
    expect(granted).toBeGreaterThanOrEqual(980);
    expect(granted).toBeLessThanOrEqual(1000);
    limiter.release();
    other.release();
    expect(limiter.recent(10).rows.map((r) => r.bucket).sort()).toEqual(['p:a', 'p:b']);
  });

  it('audit: queued events written in one flush, with their details as JSON text; a flush into a closed store throws', async () => {
    const { sql, store } = await open();
    const log = new AuditLog(sql);
    for (let i = 0; i < 3; i++) {
      log.record({ action: 'mcp.request', principalType: 'api_key', principalId: 'key_1', server: 's', tool: `t${i}`, decision: 'allowed', latencyMs: 0.5, detail: { i } });
    }
    log.flush();
    const rows = sql.all<{ tool: string; detail: string; latency_ms: number }>("SELECT tool, detail, latency_ms FROM audit_events WHERE action = 'mcp.request' ORDER BY id");
    expect(rows).toEqual([0, 1, 2].map((i) => ({ tool: `t${i}`, detail: JSON.stringify({ i }), latency_ms: 0.5 })));
    const other = stores.reopen(store);
    const failing = new AuditLog(other);
    other.close();
    failing.record({ action: 'mcp.request', tool: 'lost' });
    expect(() => failing.flush()).toThrow();
  });

  it('exposure: terms set and read back, an unknown server refused, the change audited', async () => {
    const { sql } = await open();
    sql.run("INSERT INTO servers (id, name, transport, command, created_at, updated_at) VALUES ('s1', 'everything', 'stdio', 'npx', 0, 0)");
    const audit = new AuditLog(sql);
    const exposure = new ExposureStore(sql, audit);
    expect(exposure.get('everything')).toMatchObject({ exposed: false });
    expect(exposure.get('nope')).toBeNull();
    expect(() => exposure.set('nope', { exposed: true })).toThrow(/no server named nope/);
    const set = exposure.set('everything', { exposed: true, allowTools: ['read_*'], denyTools: ['get-env'], acceptApiKeys: true });
    expect(set).toEqual({ server: 'everything', exposed: true, allowTools: ['read_*'], denyTools: ['get-env'], acceptApiKeys: true });
    expect(exposure.current('everything')).toEqual(set);
    expect(exposure.list()).toEqual([set]);
    audit.flush();
    expect(sql.get("SELECT action, server FROM audit_events WHERE action = 'server.expose'")).toEqual({ action: 'server.expose', server: 'everything' });
  });

  it('consent answers: recorded for a pending request, taken once by its client; unknown and answered requests refused', async () => {
    const { sql } = await open();
    const payload = (result?: unknown) => JSON.stringify({ params: { client_id: 'c1', resource: 'https://gw/mcp/everything' }, ...(result ? { result } : {}) });
    const insert = "INSERT INTO oauth_models (model, id, payload, expires_at, created_at) VALUES ('Interaction', ?, ?, ?, 0)";
    sql.run(insert, ['u1', payload(), Date.now() + 60_000]);
    sql.run(insert, ['u2', payload({ consent: {} }), Date.now() + 60_000]);
    const decisions = new ConsentDecisions(sql, new AuditLog(sql));
    expect(() => decisions.decide('nope', 'allow', 'admin')).toThrow(/no pending sign-in request nope/);
    expect(() => decisions.decide('u2', 'allow', 'admin')).toThrow(/already answered/);
    expect(decisions.decide('u1', 'deny', 'admin')).toMatchObject({ uid: 'u1', clientId: 'c1', decision: 'deny' });
    expect(decisions.decide('u1', 'allow', 'cli')).toMatchObject({ decision: 'allow' });
    decisions.seen('u1');
    expect(decisions.has('u1')).toBe(true);
    expect(decisions.take('u1', 'c1')).toEqual({ decision: 'allow', actor: 'cli' });
    expect(decisions.take('u1', 'c1')).toBeNull();
    expect(decisions.has('u1')).toBe(false);
    expect(sql.get<{ n: number }>("SELECT count(*) AS n FROM audit_events WHERE action = 'oauth.consent'")?.n).toBe(2);
  });

  it('signing keys: the first made on demand, a rotation leaves the old one verify-only, and the version moves', async () => {
    const { sql, store } = await open();
    const keys = new SigningKeys(sql, openVault(sql, store.dir ?? '(team database)', envKeyProviders(masterKey())));
    const [first] = keys.privateJwks(60_000);
    const v1 = keys.version();
    const next = keys.rotate();
    expect(keys.version()).not.toBe(v1);
    expect(keys.privateJwks(60_000).map((k) => k.kid)).toEqual([next.kid, first!.kid]);
    expect(keys.list(60_000).map((k) => k.state)).toEqual(['signing', 'verify-only']);
    expect(keys.list(-60_000).map((k) => k.kid)).toEqual([next.kid]);
  });

  it("server names and catalogs: a client's alias links to its server, new names avoid taken ones, a catalog is replaced whole", async () => {
    const { sql } = await open();
    sql.run("INSERT INTO servers (id, name, transport, command, created_at, updated_at) VALUES ('s1', 'everything', 'stdio', 'npx', 0, 0)");
    const names = new RegistryNames(sql);
    expect(names.registered('Everything Server')).toBeNull();
    names.link('Everything Server', 'everything');
    expect(names.registered('Everything Server')).toBe('everything');
    expect(names.aliasesByServer().get('everything')).toEqual(['Everything Server']);
    expect(names.resolve('Everything Server')).toBe('everything');
    expect(names.nameFor('everything')).toBe('everything');
    expect(names.nameFor('Other Thing', (n) => n === 'Other-Thing')).toBe('Other-Thing-2');
    const prompt = { kind: 'prompt' as const, name: 'p1', title: null, description: 'a prompt' };
    const resource = { kind: 'resource' as const, name: 'file:///a', title: 'A', description: null };
    sql.tx(() => writeCapabilities(sql, 's1', [prompt, resource, resource]));
    expect(readCapabilities(sql, 's1')).toEqual({ resources: [resource], prompts: [prompt] });
    sql.tx(() => writeCapabilities(sql, 's1', [prompt]));
    expect(readCapabilities(sql, 's1')).toEqual({ resources: [], prompts: [prompt] });
  });
});
