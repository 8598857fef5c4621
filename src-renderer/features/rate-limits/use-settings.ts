import { useQuery } from '@tanstack/react-query';
import { apiQuery } from '../../lib/api-cache';

export function useSettings() {
  return useQuery(apiQuery('settings.get', {}));
}

/** Buckets the screen lists: the ones used most recently. */
export const BUCKETS_SHOWN = 50;

/** Live bucket levels of the buckets used last, every 2 s while the screen is open. */
export function useRateBuckets() {
  return useQuery({ ...apiQuery('rate.buckets', { limit: BUCKETS_SHOWN }), refetchInterval: 2000, staleTime: 0 });
}
