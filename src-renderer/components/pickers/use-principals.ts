import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { PrincipalMatch } from '../../../src-preload/contract-lists';
import { call } from '../../lib/api';
import { principalKeys } from '../../lib/query-keys';

/** API keys and OAuth apps whose name starts with `search` (the first few by name without it). */
export function usePrincipalSearch(search: string, opts: { limit?: number; live?: boolean; enabled?: boolean } = {}) {
  const params = { search: search.trim(), limit: opts.limit ?? 10, live: opts.live ?? false };
  return useQuery({
    queryKey: principalKeys.search(params),
    queryFn: () => call('principals.search', { limit: params.limit, live: params.live, ...(params.search ? { search: params.search } : {}) }),
    enabled: opts.enabled ?? true,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
}

/** The name of one principal (a key id or an OAuth client id), for a filter set from the URL. */
export function usePrincipalName(id: string | undefined) {
  return useQuery({
    queryKey: ['principals', 'name', id ?? ''],
    enabled: Boolean(id),
    staleTime: 60_000,
    queryFn: async (): Promise<Pick<PrincipalMatch, 'type' | 'name'> | null> => {
      if (!id) return null;
      if (/^key_[A-Za-z0-9]{8,32}$/.test(id)) {
        const [key] = await call('keys.byIds', { ids: [id] });
        if (key) return { type: 'api_key', name: key.name };
      }
      try {
        const client = await call('oauth.clients.get', { clientId: id });
        return { type: 'oauth_client', name: client.name };
      } catch {
        return null; // a deleted principal: the id stands for itself
      }
    },
  });
}
