// What a person types where an id is taken: an id, or a name. A unique name finds its
// key, server or OAuth client; several are an error listing them (AMBIGUOUS_NAME); none
// is an error that says where to look (NOT_FOUND), never an empty result.
import type { AdminApi } from '../api';
import { pickOne } from '../core/names';
import { call } from './context';

export async function resolveKeyId(api: AdminApi, given: string): Promise<string> {
  const keys = await call(api, 'keys.list', {});
  const items = keys.map((k) => ({ id: k.id, names: [k.name], label: `${k.name} (${k.id}, ${k.status}, created ${k.createdAt.slice(0, 10)})` }));
  return pickOne(items, given, { what: 'API key', listCommand: 'gatehouse keys list' }).id;
}

export async function resolveOAuthClientId(api: AdminApi, given: string): Promise<string> {
  const clients = await call(api, 'oauth.clients.list', {});
  const items = clients.map((c) => ({ id: c.clientId, names: [c.name], label: `${c.name} (${c.clientId}, ${c.disabled ? 'disabled' : 'active'})` }));
  return pickOne(items, given, { what: 'OAuth client', listCommand: 'gatehouse oauth clients list' }).id;
}

/** A registered server's name from its name or a client's name for it. */
export async function resolveServerName(api: AdminApi, given: string): Promise<string> {
  return (await call(api, 'servers.get', { name: given })).name;
}
