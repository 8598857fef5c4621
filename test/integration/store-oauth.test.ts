// The OAuth authorization server's data on the store interface, on both engines: what
// oidc-provider's adapter stores and finds, clients, grants and consent, the token
// ledger, settings and resource servers, each run as-is on a migrated SQLite file and on
// a migrated PostgreSQL database of this file's own (GATEHOUSE_TEST_ENGINE narrows it).
import { describe, expect, it } from 'vitest';
import { storeAdapterClass } from '../../src-main/core/oauth/adapter';
import { clientNames, grantCounts, liveTokenCounts } from '../../src-main/core/oauth/client-pages';
import { OAuthClients } from '../../src-main/core/oauth/clients';
import { OAuthGrants } from '../../src-main/core/oauth/grants';
import { ResourceServers } from '../../src-main/core/oauth/resource-servers';
import { OAuthSettingsStore } from '../../src-main/core/oauth/settings';
import { StandingAccess } from '../../src-main/core/oauth/standing-access';
import { ENGINES, freshStores } from '../helpers/engines';
import { openMigrated } from '../helpers/migrated-store';

const stores = freshStores();
const DAY = 86_400;

class Replay extends Error {}

describe.each(ENGINES)('the OAuth store on %s', (engine) => {
  const open = async () => {
    const m = await openMigrated(stores, engine);
    return { ...m, Adapter: storeAdapterClass(m.sql, m.vault, { replayError: () => new Replay('replayed') }) };
  };

  it('tokens: found by the id presented (stored only hashed), by uid and by user code; gone once expired or destroyed', async () => {
    const { sql, Adapter } = await open();
    const access = new Adapter('AccessToken');
    await access.upsert('at-1', { jti: 'at-1', grantId: 'g1', clientId: 'c1', kind: 'AccessToken' }, 3600);
    expect(await access.find('at-1')).toMatchObject({ jti: 'at-1', grantId: 'g1', clientId: 'c1' });
    expect(await access.find('at-2')).toBeUndefined();
    const ids = sql.all<{ id: string; payload: string }>("SELECT id, payload FROM oauth_models WHERE model = 'AccessToken'");
    expect(ids).toHaveLength(1);
    expect(ids[0]!.id).toMatch(/^h1\./);
    expect(ids[0]!.payload).not.toContain('at-1');

    const sessions = new Adapter('Session');
    await sessions.upsert('cookie-1', { uid: 'uid-1', accountId: 'admin' }, 600);
    expect(await sessions.findByUid('uid-1')).toMatchObject({ accountId: 'admin' });
    expect(await sessions.findByUid('uid-2')).toBeUndefined();

    const device = new Adapter('DeviceCode');
    await device.upsert('dc-1', { userCode: 'ABCD-EFGH', clientId: 'c1' }, 600);
    expect(await device.findByUserCode('ABCD-EFGH')).toMatchObject({ clientId: 'c1' });
    expect(await device.findByUserCode('ABCD-XXXX')).toBeUndefined();
    expect(sql.get<{ n: number }>("SELECT count(*) AS n FROM oauth_models WHERE user_code = 'ABCD-EFGH'")?.n).toBe(0);

    // Expired: still on disk until the sweep, never found.
    sql.run("UPDATE oauth_models SET expires_at = ? WHERE model = 'AccessToken'", [Date.now() - 1]);
    expect(await access.find('at-1')).toBeUndefined();
    await sessions.destroy('cookie-1');
    expect(await sessions.findByUid('uid-1')).toBeUndefined();
  });

  it('a code is consumed once: the second redemption is a replay that revokes the grant, and revokeByGrantId ends its tokens', async () => {
    const { sql, Adapter, audit } = await open();
    const grants = new Adapter('Grant');
    const codes = new Adapter('AuthorizationCode');
    const refresh = new Adapter('RefreshToken');
    await grants.upsert('g1', { kind: 'Grant', clientId: 'c1', accountId: 'admin' }, DAY);
    await codes.upsert('code-1', { grantId: 'g1', clientId: 'c1' }, 60);
    await refresh.upsert('rt-1', { grantId: 'g1', clientId: 'c1' }, DAY);
    await codes.consume('code-1');
    expect((await codes.find('code-1'))?.consumed).toEqual(expect.any(Number));
    await expect(codes.consume('code-1')).rejects.toBeInstanceOf(Replay);
    expect(await grants.find('g1')).toBeUndefined();
    expect(await refresh.find('rt-1')).toBeUndefined();

    await grants.upsert('g2', { kind: 'Grant', clientId: 'c1' }, DAY);
    await refresh.upsert('rt-2', { grantId: 'g2', clientId: 'c1' }, DAY);
    await refresh.revokeByGrantId('g2');
    expect(await refresh.find('rt-2')).toBeUndefined();
    expect(await grants.find('g2')).toMatchObject({ clientId: 'c1' });
    expect(new OAuthGrants(sql, audit, new StandingAccess(sql)).isLive('g2', 'c1')).toBe(true);
  });

  it('a token stored through one connection is found through another (a second replica)', async () => {
    const { store, vault, Adapter } = await open();
    await new Adapter('RefreshToken').upsert('rt-shared', { grantId: 'g1', clientId: 'c1' }, DAY);
    const Other = storeAdapterClass(stores.reopen(store), vault);
    expect(await new Other('RefreshToken').find('rt-shared')).toMatchObject({ jti: 'rt-shared', clientId: 'c1' });
  });

  it('clients: created with a sealed secret, listed, found by name, edited, disabled, rotated and deleted', async () => {
    const { sql, vault, audit, Adapter } = await open();
    const clients = new OAuthClients(sql, vault, audit);
    const created = await clients.create({
      name: 'Build Bot',
      redirectUris: ['http://127.0.0.1:3000/cb'],
      grants: ['authorization_code'],
      scopes: ['mcp:everything'],
      rules: [{ effect: 'deny', pattern: 'everything:get-env' }],
      public: false,
    });
    const id = created.client.clientId;
    expect(created.clientSecret).toEqual(expect.any(String));
    expect(created.client).toMatchObject({ name: 'Build Bot', type: 'confidential', method: 'manual', redirectUris: ['http://127.0.0.1:3000/cb'] });
    expect(created.client.rules).toContainEqual({ effect: 'allow', pattern: 'everything:*' });
    const raw = sql.get<{ payload: string; secret_sealed: Buffer }>("SELECT payload, secret_sealed FROM oauth_models WHERE model = 'Client' AND id = ?", [id])!;
    expect(raw.payload).not.toContain(created.clientSecret!);
    expect(Buffer.isBuffer(raw.secret_sealed)).toBe(true);
    expect((await new Adapter('Client').find(id))?.client_secret).toBe(created.clientSecret);

    clients.remember('dcr-1', 'dcr', { client_name: 'claude code', redirect_uris: ['http://127.0.0.1:1/cb'] });
    clients.remember('dcr-1', 'dcr', { client_name: 'renamed' });
    expect(clients.meta('dcr-1')).toMatchObject({ name: 'claude code', method: 'dcr' });
    expect(clientNames(sql, [id, 'dcr-1', 'nope'])).toEqual(new Map([[id, 'Build Bot'], ['dcr-1', 'claude code']]));
    expect(clients.list({ search: 'build' }).clients.map((c) => c.clientId)).toEqual([id]);
    expect(clients.list({ search: 'CLAUDE' }).clients.map((c) => c.clientId)).toEqual(['dcr-1']);
    const firstPage = clients.list({ limit: 1 });
    expect(firstPage.clients).toHaveLength(1);
    const secondPage = clients.list({ limit: 1, cursor: firstPage.nextCursor! });
    expect([...firstPage.clients, ...secondPage.clients].map((c) => c.clientId).sort()).toEqual([id, 'dcr-1'].sort());
    expect(secondPage.nextCursor).toBeNull();

    await clients.update(id, { name: 'Build Bot 2', rules: [], rateLimit: { limit: 5, window: 'minute' }, disabled: true });
    expect(clients.get(id)).toMatchObject({ name: 'Build Bot 2', rules: [], rateLimit: { limit: 5, window: 'minute' }, disabled: true });
    expect(new OAuthClients(sql, vault, audit).access(id)).toEqual({ rules: [], rateLimit: { limit: 5, window: 'minute' }, disabled: true });
    clients.touch(id);
    expect(clients.get(id).lastUsedAt).not.toBeNull();
    const secret = await clients.rotateSecret(id);
    expect(secret).not.toBe(created.clientSecret);
    expect((await new Adapter('Client').find(id))?.client_secret).toBe(secret);
    await expect(clients.rotateSecret('dcr-1')).rejects.toThrow(/not a confidential client/);

    clients.delete(id);
    expect(() => clients.get(id)).toThrow(/no OAuth client/);
    expect(await new Adapter('Client').find(id)).toBeUndefined();
    expect(() => clients.delete(id)).toThrow(/no OAuth client/);
  });

  it('grants: listed a page at a time with what they hold, remembered consent, revoked one by one and all at once', async () => {
    const { sql, audit, Adapter } = await open();
    const standing = new StandingAccess(sql);
    const grants = new OAuthGrants(sql, audit, standing);
    sql.run("INSERT INTO oauth_client_meta (client_id, name, method, created_at) VALUES ('c1', 'Cursor', 'dcr', 0), ('c2', 'Zed', 'dcr', 0)");
    const now = Math.floor(Date.now() / 1000);
    for (const [g, c] of [['g1', 'c1'], ['g2', 'c1'], ['g3', 'c2']] as const) {
      await new Adapter('Grant').upsert(g, { kind: 'Grant', clientId: c, iat: now, resources: { 'https://gw/mcp/everything': 'mcp:everything' } }, DAY);
    }
    await new Adapter('RefreshToken').upsert('rt-1', { grantId: 'g1', clientId: 'c1' }, DAY);
    standing.recordIssued({ jti: 'jwt-1', clientId: 'c1', grantId: 'g1', expEpoch: now + 3600 });
    standing.recordIssued({ jti: 'jwt-2', clientId: 'c1', grantId: 'g2', expEpoch: now + 3600 });
    standing.flush();
    grants.remember('c1', 'g1');
    expect(grants.rememberedGrant('c1')).toBe('g1');
    expect(grants.rememberedGrant('c2')).toBeNull();

    const page1 = grants.list({ clientId: 'c1', limit: 1 });
    const page2 = grants.list({ clientId: 'c1', limit: 1, cursor: page1.nextCursor! });
    const listed = [...page1.grants, ...page2.grants];
    expect(listed.map((g) => g.grantId).sort()).toEqual(['g1', 'g2']);
    expect(page2.nextCursor).toBeNull();
    expect(listed.find((g) => g.grantId === 'g1')).toMatchObject({
      clientName: 'Cursor',
      remembered: true,
      refreshTokens: 1,
      accessTokens: 1,
      resources: [{ resource: 'https://gw/mcp/everything', scope: 'mcp:everything', server: 'everything' }],
    });
    expect(grants.list().grants).toHaveLength(3);
    expect(grantCounts(sql, ['c1', 'c2', 'c3'])).toEqual(new Map([['c1', 2], ['c2', 1]]));
    expect(liveTokenCounts(sql, ['c1', 'c2'])).toEqual(new Map([['c1', 3]]));
    expect(grants.countOf('c1')).toBe(2);

    expect(grants.revoke('g1')).toEqual({ revoked: 1, tokens: 2 });
    expect(grants.isLive('g1')).toBe(false);
    expect(grants.rememberedGrant('c1')).toBeNull();
    expect(() => grants.revoke('g1')).toThrow(/no grant g1/);
    expect(grants.revokeAll('c1')).toEqual({ revoked: 1, tokens: 1 });
    expect(grantCounts(sql, ['c1', 'c2'])).toEqual(new Map([['c2', 1]]));
    audit.flush();
    expect(sql.all<{ action: string }>("SELECT action FROM audit_events WHERE action LIKE 'oauth.grant.%' ORDER BY id").map((r) => r.action)).toEqual([
      'oauth.grant.revoke',
      'oauth.grant.revoke_all',
    ]);
  });

  it('machine access: one grant per client, seen for a page of clients, ended with the grant', async () => {
    const { sql, audit } = await open();
    const standing = new StandingAccess(sql);
    const grant = standing.grantMachineAccess('c1');
    expect(grant).toMatch(/^machine:/);
    expect(standing.grantMachineAccess('c1')).toBe(grant);
    expect(standing.machineGrantOf('c1')).toBe(grant);
    expect(standing.machineGrantOf('c2')).toBeNull();
    expect(standing.machineClientsOf(['c1', 'c2'])).toEqual(new Set(['c1']));
    // More ids than one statement binds: read in chunks.
    const many = Array.from({ length: 600 }, (_, i) => `x${i}`);
    expect(standing.machineClientsOf([...many, 'c1'])).toEqual(new Set(['c1']));
    standing.recordIssued({ jti: 'm-1', clientId: 'c1', grantId: grant, expEpoch: Math.floor(Date.now() / 1000) + 60 });
    expect(standing.liveOfGrants([grant, 'other'])).toEqual(new Map([[grant, 1]]));
    expect(new OAuthGrants(sql, audit, standing).revoke(grant)).toEqual({ revoked: 1, tokens: 1 });
    expect(standing.machineGrantOf('c1')).toBeNull();
  });

  it('pending sign-ins, revoked JWT ids and the sweep of expired rows', async () => {
    const { sql, audit, Adapter } = await open();
    const grants = new OAuthGrants(sql, audit, new StandingAccess(sql));
    sql.run("INSERT INTO oauth_client_meta (client_id, name, method, created_at) VALUES ('c1', 'Cursor', 'dcr', 0)");
    const interactions = new Adapter('Interaction');
    const params = { client_id: 'c1', redirect_uri: 'http://127.0.0.1/cb', resource: 'https://gw/mcp/everything', scope: 'mcp:everything offline_access' };
    await interactions.upsert('i-1', { iat: Math.floor(Date.now() / 1000), params }, 600);
    await interactions.upsert('i-2', { params, result: { consent: {} } }, 600);
    const pending = grants.pending();
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ uid: 'i-1', clientId: 'c1', clientName: 'Cursor', resources: ['https://gw/mcp/everything'], scopes: ['mcp:everything', 'offline_access'] });
    expect(grants.pending(Date.now() + 10 * 60_000)).toEqual([]);

    expect(grants.isJtiRevoked('j1')).toBe(false);
    grants.revokeJti('j1', Math.floor(Date.now() / 1000) + 60);
    grants.revokeJti('j1', Math.floor(Date.now() / 1000) + 60);
    expect(grants.isJtiRevoked('j1')).toBe(true);
    grants.revokeJti('j-old', Math.floor(Date.now() / 1000) - 60);
    sql.run("UPDATE oauth_models SET expires_at = ? WHERE id = 'i-2'", [Date.now() - 1]);
    grants.sweep();
    expect(grants.isJtiRevoked('j-old')).toBe(false);
    expect(grants.isJtiRevoked('j1')).toBe(true);
    expect(sql.all<{ id: string }>("SELECT id FROM oauth_models WHERE model = 'Interaction'").map((r) => r.id)).toEqual(['i-1']);
  });

  it('settings: defaults, an update that moves the version, cookie keys made once, the registration token sealed', async () => {
    const { sql, vault } = await open();
    const settings = new OAuthSettingsStore(sql, vault);
    expect(settings.get().registration).toBe('open');
    const v0 = settings.version();
    expect(settings.update({ registration: 'token', accessTokenTtlSeconds: 600 })).toMatchObject({ registration: 'token', accessTokenTtlSeconds: 600 });
    expect(settings.version()).not.toBe(v0);
    sql.run("UPDATE oauth_settings SET value = '\"nonsense\"' WHERE key = 'registration'");
    expect(new OAuthSettingsStore(sql, vault).get().registration).toBe('open');
    const keys = settings.cookieKeys();
    expect(new OAuthSettingsStore(sql, vault).cookieKeys()).toEqual(keys);
    expect(settings.registrationToken()).toBeNull();
    const token = settings.rotateRegistrationToken();
    expect(settings.registrationToken()).toBe(token);
    expect(JSON.stringify(sql.all('SELECT value FROM oauth_settings'))).not.toContain(token);
    settings.recordIssuer('http://127.0.0.1:1');
    settings.recordIssuer('https://gatehouse.example');
    expect(settings.issuer()).toBe('https://gatehouse.example');
  });

  it('resource servers: registered with introspection credentials, found by URL and client, rotated and removed', async () => {
    const { sql, vault, audit, Adapter } = await open();
    const rs = new ResourceServers(sql, vault, audit, (name) => name === 'everything');
    const made = await rs.add({ url: 'http://127.0.0.1:9000/mcp', name: 'notes' });
    expect(made.resourceServer).toMatchObject({ name: 'notes', url: 'http://127.0.0.1:9000/mcp' });
    await expect(rs.add({ url: 'http://127.0.0.1:9001/mcp', name: 'everything' })).rejects.toThrow(/is a server Gatehouse fronts/);
    await expect(rs.add({ url: 'http://127.0.0.1:9000/mcp', name: 'other' })).rejects.toThrow(/already registered as notes/);
    expect(rs.nameOf('http://127.0.0.1:9000/mcp')).toBe('notes');
    const clientId = made.resourceServer.clientId;
    expect(rs.byClient(clientId)?.name).toBe('notes');
    expect((await new Adapter('Client').find(clientId))?.client_secret).toBe(made.clientSecret);
    const rotated = await rs.rotateSecret('notes');
    expect((await new Adapter('Client').find(clientId))?.client_secret).toBe(rotated.clientSecret);
    await rs.add({ url: 'http://127.0.0.1:9002/mcp', name: 'Alpha' });
    expect(rs.list().map((r) => r.name)).toEqual(['Alpha', 'notes']);
    rs.remove('notes');
    expect(rs.nameOf('http://127.0.0.1:9000/mcp')).toBeNull();
    expect(await new Adapter('Client').find(clientId)).toBeUndefined();
    expect(() => rs.get('notes')).toThrow(/no resource server notes/);
  });
});
