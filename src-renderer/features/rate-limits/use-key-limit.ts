import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RateLimit } from '../../../src-preload/contract';
import { call } from '../../lib/api';
import { keyKeys, rateKeys } from '../../lib/query-keys';

/** A key's own rate limit; null hands it back to the default. */
export function useSetKeyLimit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; rateLimit: RateLimit | null }) => call('keys.update', input),
    onSuccess: (_data, input) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: keyKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: keyKeys.detail(input.id) }),
        queryClient.invalidateQueries({ queryKey: rateKeys.buckets() }),
      ]),
  });
}
