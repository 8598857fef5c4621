import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RateLimit } from '../../../src-preload/contract';
import { call } from '../../lib/api';
import { keyKeys, oauthKeys, rateKeys } from '../../lib/query-keys';

/** Who may have a limit of their own: an API key or an OAuth client (an MCP app signed in through the gateway). */
export interface Principal {
  kind: 'key' | 'app';
  id: string;
  name: string;
  rateLimit: RateLimit | null;
}

/** A principal's own rate limit; null hands it back to the default. */
export function useSetPrincipalLimit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ kind, id, rateLimit }: Pick<Principal, 'kind' | 'id' | 'rateLimit'>) => {
      if (kind === 'key') await call('keys.update', { id, rateLimit });
      else await call('oauth.clients.update', { clientId: id, rateLimit });
    },
    onSuccess: (_data, { kind, id }) =>
      Promise.all([
        ...(kind === 'key'
          ? [queryClient.invalidateQueries({ queryKey: keyKeys.lists() }), queryClient.invalidateQueries({ queryKey: keyKeys.detail(id) })]
          : [queryClient.invalidateQueries({ queryKey: oauthKeys.clients() })]),
        queryClient.invalidateQueries({ queryKey: rateKeys.buckets() }),
      ]),
  });
}
