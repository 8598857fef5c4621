// What a person types where an id is taken: an id, or a name. A unique name finds its
// key, server or OAuth client; several are an error listing them (AMBIGUOUS_NAME); none
// is an error that says where to look (NOT_FOUND), never an empty result.
import type { AdminApi } from '../api';
import { isGatehouseError } from '../core/errors';
import { pickOne, type Named, type PickOptions } from '../core/names';
import type { KeySummary } from '../../src-preload/contract';
import { keyIdSchema } from '../../src-preload/names';
import { prefixSchema } from '../../src-preload/paging';
import { allPages, call } from './context';

const KEY: PickOptions = { what: 'API key', listCommand: 'gatehouse keys list' };
const keyNamed = (k: KeySummary): Named => ({ id: k.id, names: [k.name], label: `${k.name} (${k.id}, ${k.status}, created ${k.createdAt.slice(0, 10)})` });

/**
 * A key by its id, else by its name among the keys whose name starts with it (a data dir
 * may hold 100,000 keys: the admin API gives them a page at a time). Only when that finds
 * nothing (a typo, a name that differs beyond ASCII case) are all keys read, for the
 * same answer and suggestion as before.
 */
export async function resolveKeyId(api: AdminApi, given: string): Promise<string> {
  if (keyIdSchema.safeParse(given).success) {
    const [byId] = await call(api, 'keys.byIds', { ids: [given] });
    if (byId) return byId.id;
  }
  const search = prefixSchema.safeParse(given);
  if (search.success) {
    const { keys } = await call(api, 'keys.list', { search: search.data, limit: 500 });
    try {
      return pickOne(keys.map(keyNamed), given, KEY).id;
    } catch (e) {
      if (!isGatehouseError(e) || e.code !== 'NOT_FOUND') throw e;
    }
  }
  const all = await allPages(api, 'keys.list', {}, (p) => p.keys);
  return pickOne(all.map(keyNamed), given, KEY).id;
}

export async function resolveOAuthClientId(api: AdminApi, given: string): Promise<string> {
  const clients = await allPages(api, 'oauth.clients.list', {}, (p) => p.clients);
  const items = clients.map((c) => ({ id: c.clientId, names: [c.name], label: `${c.name} (${c.clientId}, ${c.disabled ? 'disabled' : 'active'})` }));
  return pickOne(items, given, { what: 'OAuth client', listCommand: 'gatehouse oauth clients list' }).id;
}

/** A registered server's name from its name or a client's name for it. */
export async function resolveServerName(api: AdminApi, given: string): Promise<string> {
  return (await call(api, 'servers.get', { name: given })).name;
}
