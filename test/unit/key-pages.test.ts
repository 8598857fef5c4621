// API keys a page at a time: each order, the name-prefix search, live keys, keys that
// expire soon, cursors, and the picker search over keys and OAuth apps together.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createApi } from '../../src-main/api';
import { oauthStoreOf } from '../../src-main/core/oauth';
import type { KeyListQuery, KeyPage, PrincipalMatch } from '../../src-preload/contract-lists';
import type { KeySummary } from '../../src-preload/contract';
import { freshCores } from '../helpers/core';

const cores = freshCores();
const rules = [{ effect: 'allow' as const, pattern: 'fs:*' }];

function keysNamed(names: string[], expiresInSeconds: number | null = null) {
  const { core } = cores.open();
  const made = names.map((name) => core.keys.create({ name, expiresInSeconds, rules, rateLimit: null }).key);
  return { core, made };
}

function allPages(list: (q: KeyListQuery) => KeyPage, q: KeyListQuery): KeySummary[] {
  const out: KeySummary[] = [];
  let cursor: string | undefined;
  do {
    const page = list({ ...q, ...(cursor ? { cursor } : {}) });
    expect(page.keys.length).toBeLessThanOrEqual(q.limit ?? 100);
    out.push(...page.keys);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

describe('key pages', () => {
  it('walk every key once in each order, however the pages are cut', () => {
    const names = ['delta', 'Alpha', 'charlie', 'bravo', 'alpha', 'Échelle', 'zulu', 'Bravo'];
    const { core } = keysNamed(names);
    const byName = [...core.keys.list({ limit: 500, sort: 'name' }).keys];
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.constantFrom('newest', 'oldest', 'name', 'name_desc' as const), (limit, sort) => {
        const got = allPages((q) => core.keys.list(q), { limit, sort });
        expect(new Set(got.map((k) => k.id)).size).toBe(names.length);
        if (sort === 'name') expect(got.map((k) => k.id)).toEqual(byName.map((k) => k.id));
        if (sort === 'name_desc') expect(got.map((k) => k.id)).toEqual([...byName].reverse().map((k) => k.id));
      }),
      { numRuns: 40 },
    );
    // Case-insensitive by name: alpha and Alpha side by side, ties by id.
    expect(byName.map((k) => k.name.toLowerCase()).slice(0, 4)).toEqual(['alpha', 'alpha', 'bravo', 'bravo']);
  });

  it('find keys by a case-insensitive name prefix, ordered by name', () => {
    const { core } = keysNamed(['Claude laptop', 'claude desktop', 'Cursor', 'Claudette', 'CLAUDE ci', 'other']);
    expect(core.keys.list({ search: 'claude' }).keys.map((k) => k.name)).toEqual(['CLAUDE ci', 'claude desktop', 'Claude laptop', 'Claudette']);
    expect(core.keys.list({ search: 'claude ', limit: 2 }).keys.map((k) => k.name)).toEqual(['CLAUDE ci', 'claude desktop']);
    expect(allPages((q) => core.keys.list(q), { search: 'cl', limit: 1 })).toHaveLength(4);
    expect(core.keys.list({ search: 'zz' }).keys).toEqual([]);
    // LIKE wildcards are plain characters here.
    expect(core.keys.list({ search: '%' }).keys).toEqual([]);
  });

  it('list only live keys when asked, and keys that expire soon by expiry', () => {
    const { core } = cores.open();
    const soon = core.keys.create({ name: 'soon', expiresInSeconds: 3 * 86_400, rules, rateLimit: null }).key;
    const later = core.keys.create({ name: 'later', expiresInSeconds: 30 * 86_400, rules, rateLimit: null }).key;
    const revoked = core.keys.create({ name: 'revoked', expiresInSeconds: 86_400, rules, rateLimit: null }).key;
    core.keys.create({ name: 'forever', expiresInSeconds: null, rules, rateLimit: null });
    core.keys.revoke(revoked.id);
    expect(core.keys.list({ live: true, sort: 'name' }).keys.map((k) => k.name)).toEqual(['forever', 'later', 'soon']);
    const week = new Date(Date.now() + 7 * 86_400_000).toISOString();
    expect(core.keys.list({ sort: 'expiry', live: true, expiresBefore: week }).keys.map((k) => k.id)).toEqual([soon.id]);
    expect(core.keys.list({ sort: 'expiry', live: true }).keys.map((k) => k.id)).toEqual([soon.id, later.id]);
  });

  it('refuse a cursor from elsewhere, through the admin API too', async () => {
    const { core } = keysNamed(['a', 'b']);
    expect(() => core.keys.list({ cursor: 'bm90IGEgY3Vyc29y' })).toThrow(/not a cursor of this list/);
    const api = createApi(core);
    const res = await api.dispatch('keys.list', { cursor: '!!' }, { actor: 'cli' });
    expect(res).toMatchObject({ error: { code: 'INVALID_INPUT' } });
    expect(await api.dispatch('keys.list', { limit: 501 }, { actor: 'cli' })).toMatchObject({ error: { code: 'INVALID_INPUT' } });
  });

  it('answer a picker with keys and OAuth apps by name prefix, and keys by id', async () => {
    const { core, made } = keysNamed(['Claude laptop', 'Cursor key', 'claude ci']);
    await oauthStoreOf(core).clients.create({ name: 'Claude Code', redirectUris: ['http://127.0.0.1/cb'], grants: ['authorization_code'], scopes: [], rules: [], public: true });
    const api = createApi(core);
    const res = (await api.dispatch('principals.search', { search: 'claude', limit: 10 }, { actor: 'cli' })) as { data: PrincipalMatch[] };
    expect(res.data.map((p) => [p.type, p.name])).toEqual([
      ['api_key', 'claude ci'],
      ['oauth_client', 'Claude Code'],
      ['api_key', 'Claude laptop'],
    ]);
    const limited = (await api.dispatch('principals.search', { search: 'c', limit: 2 }, { actor: 'cli' })) as { data: PrincipalMatch[] };
    expect(limited.data).toHaveLength(2);
    const byIds = (await api.dispatch('keys.byIds', { ids: [made[1]!.id, 'key_missing0'] }, { actor: 'cli' })) as { data: KeySummary[] };
    expect(byIds.data.map((k) => k.name)).toEqual(['Cursor key']);
  });
});
