import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Input } from '../../../src-preload/contract';
import { call } from '../../lib/api';
import { rateKeys, settingsKeys } from '../../lib/query-keys';

export function useSettings() {
  return useQuery({ queryKey: settingsKeys.detail(), queryFn: () => call('settings.get', {}) });
}

export function useUpdateSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: Input<'settings.update'>) => call('settings.update', patch),
    onSuccess: (next, patch) => {
      queryClient.setQueryData(settingsKeys.detail(), next);
      // Limits decide the buckets' capacity.
      if ('defaultRateLimit' in patch || 'toolRateLimits' in patch) {
        return queryClient.invalidateQueries({ queryKey: rateKeys.buckets() });
      }
    },
  });
}

/** Buckets the screen lists: the ones used most recently. */
export const BUCKETS_SHOWN = 50;

/** Live bucket levels of the buckets used last, every 2 s while the screen is open. */
export function useRateBuckets() {
  return useQuery({
    queryKey: rateKeys.buckets(),
    queryFn: () => call('rate.buckets', { limit: BUCKETS_SHOWN }),
    refetchInterval: 2000,
    staleTime: 0,
  });
}
