import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { PrincipalMatch } from '../../../src-preload/contract-lists';
import { apiQuery } from '../../lib/api-cache';

/** API keys and OAuth apps whose name starts with `search` (the first few by name without it). */
export function usePrincipalSearch(search: string, opts: { limit?: number; live?: boolean; enabled?: boolean } = {}) {
  const typed = search.trim();
  return useQuery({
    ...apiQuery('principals.search', { limit: opts.limit ?? 10, live: opts.live ?? false, ...(typed ? { search: typed } : {}) }),
    enabled: opts.enabled ?? true,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}

const KEY_ID = /^key_[A-Za-z0-9]{8,32}$/;

/**
 * The name of one principal (a key id or an OAuth client id), for a filter set from the URL:
 * the key of that id, else the OAuth client; null for a deleted one (the id stands for itself).
 */
export function usePrincipalName(id: string | undefined): Pick<PrincipalMatch, 'type' | 'name'> | null {
  const asKey = Boolean(id && KEY_ID.test(id));
  const key = useQuery({ ...apiQuery('keys.byIds', { ids: [id ?? ''] }), enabled: asKey, staleTime: 60_000, select: (keys) => keys[0] ?? null });
  const notAKey = !asKey || (key.isSuccess && key.data === null);
  const client = useQuery({ ...apiQuery('oauth.clients.get', { clientId: id ?? '' }), enabled: Boolean(id) && notAKey, staleTime: 60_000, retry: false });
  if (key.data) return { type: 'api_key', name: key.data.name };
  if (client.data) return { type: 'oauth_client', name: client.data.name };
  return null;
}
