import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RateLimit } from '../../../src-preload/contract';
import { apiWrite } from '../../lib/api-cache';

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
      if (kind === 'key') await apiWrite(queryClient, 'keys.update', { id, rateLimit });
      else await apiWrite(queryClient, 'oauth.clients.update', { clientId: id, rateLimit });
    },
  });
}
