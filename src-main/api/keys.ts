import type { PrincipalMatch } from '../../src-preload/contract-lists';
import type { Core } from '../core';
import { oauthStoreOf } from '../core/oauth';
import type { Handlers, MethodsOf } from '.';

type KeyMethods = MethodsOf<'keys'> | 'principals.search';

/** Keys and OAuth apps whose name starts with `search`, merged by name: the principal pickers. */
function searchPrincipals(core: Core, q: { search?: string; limit: number; live: boolean }): PrincipalMatch[] {
  const apps = oauthStoreOf(core)
    .clients.list({ search: q.search, limit: q.limit })
    .clients.filter((c) => !q.live || !c.disabled)
    .map((c): PrincipalMatch => ({ type: 'oauth_client', id: c.clientId, name: c.name, detail: c.clientId, live: !c.disabled }));
  return [...core.keys.search(q.search, q.limit, q.live), ...apps]
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }) || a.id.localeCompare(b.id))
    .slice(0, q.limit);
}

export function keysHandlers(core: Core): Handlers<KeyMethods> {
  return {
    'keys.list': (q) => core.keys.list(q),
    'keys.byIds': ({ ids }) => core.keys.byIds(ids),
    'principals.search': (q) => searchPrincipals(core, q),
    'keys.get': ({ id }) => core.keys.get(id),
    'keys.create': (input) => core.keys.create(input),
    'keys.rotate': ({ id, graceSeconds }) => core.keys.rotate(id, graceSeconds),
    'keys.revoke': ({ id }) => core.keys.revoke(id),
    'keys.reveal': ({ id }, ctx) => core.keys.reveal(id, ctx.actor),
    'keys.update': ({ id, ...patch }) => core.keys.update(id, patch),
    'keys.endGrace': ({ id }) => core.keys.endGrace(id),
  };
}
