// The other paged lists of the admin API: OAuth clients (newest first, or by a name
// prefix), grants (newest first, names of their clients), tools across servers (by a
// name prefix), and the Rate limits screen's buckets (the most recently used, named).
import { describe, expect, it } from 'vitest';
import { createApi } from '../../src-main/api';
import { storeAdapterClass } from '../../src-main/core/oauth/adapter';
import { oauthStoreOf } from '../../src-main/core/oauth';
import type { OAuthClientPage, OAuthGrantPage } from '../../src-preload/contract-oauth';
import type { RateBucket } from '../../src-preload/contract';
import type { ToolPage } from '../../src-preload/contract-lists';
import { freshCores } from '../helpers/core';

const cores = freshCores();
const cli = { actor: 'cli' as const };

async function allPages<T>(next: (cursor?: string) => Promise<{ rows: T[]; nextCursor: string | null }>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await next(cursor);
    out.push(...page.rows);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

describe('OAuth clients and grants in pages', () => {
  it('lists clients newest first a page at a time, and by a name prefix', async () => {
    const { core } = cores.open();
    const store = oauthStoreOf(core);
    const names = ['Claude Code', 'claude desktop', 'Cursor', 'CI bot', 'Inspector'];
    for (const [i, name] of names.entries()) {
      const { client } = await store.clients.create({ name, redirectUris: ['http://127.0.0.1/cb'], grants: ['authorization_code'], scopes: [], rules: [], public: true });
      core.db.prepare('UPDATE oauth_client_meta SET created_at = ? WHERE client_id = ?').run(1_700_000_000_000 + i, client.clientId); // one a millisecond
    }
    const api = createApi(core);
    const page = async (input: object) => ((await api.dispatch('oauth.clients.list', input, cli)) as { data: OAuthClientPage }).data;
    const all = await allPages(async (cursor) => {
      const p = await page({ limit: 2, ...(cursor ? { cursor } : {}) });
      return { rows: p.clients, nextCursor: p.nextCursor };
    });
    expect(all.map((c) => c.name)).toEqual(['Inspector', 'CI bot', 'Cursor', 'claude desktop', 'Claude Code']);
    expect((await page({ search: 'cl' })).clients.map((c) => c.name)).toEqual(['Claude Code', 'claude desktop']);
    expect(await api.dispatch('oauth.clients.list', { limit: 0 }, cli)).toMatchObject({ error: { code: 'INVALID_INPUT' } });
  });

  it("shows, for each client of a page, what it holds now: grants, live tokens, machine access", async () => {
    const { core } = cores.open();
    const store = oauthStoreOf(core);
    const machine = await store.createClient({ name: 'CI bot', redirectUris: [], grants: ['client_credentials'], scopes: [], rules: [], public: false });
    const app = await store.createClient({ name: 'Inspector', redirectUris: ['http://127.0.0.1/cb'], grants: ['authorization_code'], scopes: [], rules: [], public: true });
    const grantId = store.standing.machineGrantOf(machine.client.clientId)!;
    const exp = Math.floor(Date.now() / 1000) + 600;
    store.standing.recordIssued({ jti: 'jti-live-1', clientId: machine.client.clientId, grantId, expEpoch: exp });
    store.standing.recordIssued({ jti: 'jti-live-2', clientId: machine.client.clientId, grantId, expEpoch: exp });
    store.standing.recordIssued({ jti: 'jti-expired', clientId: machine.client.clientId, grantId, expEpoch: exp - 1200 });
    const api = createApi(core);
    const { clients } = ((await api.dispatch('oauth.clients.list', { limit: 1 }, cli)) as { data: OAuthClientPage }).data;
    expect(clients).toMatchObject([{ name: 'Inspector', activeGrants: 0, liveTokens: 0, machineAccess: false }]);
    const { clients: found } = ((await api.dispatch('oauth.clients.list', { search: 'ci' }, cli)) as { data: OAuthClientPage }).data;
    expect(found).toMatchObject([{ name: 'CI bot', activeGrants: 1, liveTokens: 2, machineAccess: true }]);
    const { grants } = ((await api.dispatch('oauth.grants.list', { clientId: machine.client.clientId }, cli)) as { data: OAuthGrantPage }).data;
    expect(grants).toMatchObject([{ grantId, kind: 'machine', accessTokens: 2 }]);
    expect(store.summary(app.client.clientId)).toMatchObject({ activeGrants: 0, liveTokens: 0, machineAccess: false });
  });

  it('lists live grants newest first in pages, with their clients named', async () => {
    const { core } = cores.open();
    const store = oauthStoreOf(core);
    const { client } = await store.clients.create({ name: 'Claude Code', redirectUris: ['http://127.0.0.1/cb'], grants: ['authorization_code'], scopes: [], rules: [], public: true });
    const grants = new (storeAdapterClass(core.db, core.vault))('Grant');
    for (let i = 0; i < 5; i++) {
      await grants.upsert(`grant-${i}`, { clientId: client.clientId, iat: 1_700_000_000 + i, resources: { 'http://x/mcp/fs': 'mcp:fs' } }, 3600);
      core.db.prepare("UPDATE oauth_models SET created_at = ? WHERE model = 'Grant' AND id = ?").run(1_700_000_000_000 + i, `grant-${i}`);
    }
    const api = createApi(core);
    const all = await allPages(async (cursor) => {
      const p = ((await api.dispatch('oauth.grants.list', { limit: 2, ...(cursor ? { cursor } : {}) }, cli)) as { data: OAuthGrantPage }).data;
      return { rows: p.grants, nextCursor: p.nextCursor };
    });
    expect(all.map((g) => g.grantId)).toEqual(['grant-4', 'grant-3', 'grant-2', 'grant-1', 'grant-0']);
    expect(all.every((g) => g.clientName === 'Claude Code' && g.resources[0]!.server === 'fs')).toBe(true);
    expect(store.grants.countOf(client.clientId)).toBe(5);
  });
});

describe('tools in pages', () => {
  it('finds tools of every server by a name prefix, a page at a time', async () => {
    const { core } = cores.open();
    const tool = (name: string) => ({ name, title: null, description: null, annotations: {} });
    for (const [server, tools] of [
      ['fs', ['read_file', 'Read_dir', 'write_file']],
      ['github', ['read_issue', 'list_prs']],
    ] as const) {
      core.servers.add({ transport: 'stdio', name: server, command: 'node', args: [], cwd: null, env: {} });
      core.servers.saveCatalog(server, { tools: tools.map(tool), serverInfo: null });
    }
    const api = createApi(core);
    const page = async (input: object) => ((await api.dispatch('servers.tools', input, cli)) as { data: ToolPage }).data;
    expect((await page({ search: 'read' })).tools.map((t) => `${t.server}:${t.name}`)).toEqual(['fs:Read_dir', 'fs:read_file', 'github:read_issue']);
    expect((await page({ server: 'github' })).tools.map((t) => t.name)).toEqual(['list_prs', 'read_issue']);
    const all = await allPages(async (cursor) => {
      const p = await page({ limit: 2, ...(cursor ? { cursor } : {}) });
      return { rows: p.tools, nextCursor: p.nextCursor };
    });
    expect(all).toHaveLength(5);
  });
});

describe('the Rate limits screen buckets', () => {
  it('are the ones used most recently, named, and no more than asked', async () => {
    const { core } = cores.open();
    const made = Array.from({ length: 60 }, (_, i) =>
      core.keys.create({ name: `k${i}`, expiresInSeconds: null, rules: [], rateLimit: { limit: 10, window: 'minute' } }).key,
    );
    const now = Date.now();
    made.forEach((k, i) => core.db.prepare('INSERT INTO rate_buckets (bucket, tokens, updated_at, last_ok) VALUES (?, 5, ?, 1)').run(`p:${k.id}`, now - (60 - i) * 1000));
    const api = createApi(core);
    const buckets = ((await api.dispatch('rate.buckets', { limit: 10 }, cli)) as { data: RateBucket[] }).data;
    expect(buckets).toHaveLength(10);
    expect(new Set(buckets.map((b) => b.principalName))).toEqual(new Set(made.slice(50).map((k) => k.name)));
    expect(await api.dispatch('rate.buckets', { limit: 500 }, cli)).toMatchObject({ error: { code: 'INVALID_INPUT' } });
  });
});
