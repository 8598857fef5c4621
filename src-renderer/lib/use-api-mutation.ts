import { useMutation, useQueryClient, type QueryClient, type UseMutationOptions } from '@tanstack/react-query';
import type { Input, Result } from '../../src-preload/contract';
import { call } from './api';
import { invalidateAfter, type WriteMethod } from './api-cache';

type Extra<M extends WriteMethod, C> = Pick<UseMutationOptions<Result<M>, Error, Input<M>, C>, 'onMutate' | 'onError'> & {
  /** Runs before the derived refresh (a cache entry to drop, a tab to open). */
  onSuccess?: (data: Result<M>, input: Input<M>, queryClient: QueryClient) => unknown;
};

/**
 * A mutation of one admin method. Once it settles (worked or not: a failed write may have
 * changed something, a failed discovery is stored), every read the method changes is
 * refreshed, as the method table says (lib/api-cache.ts); the mutation stays pending until
 * the screens showing that data have their new answers.
 */
export function useApiMutation<M extends WriteMethod, C = unknown>(method: M, extra: Extra<M, C> = {}) {
  const queryClient = useQueryClient();
  return useMutation<Result<M>, Error, Input<M>, C>({
    mutationFn: (input) => call(method, input),
    onMutate: extra.onMutate,
    onError: extra.onError,
    onSuccess: (data, input) => extra.onSuccess?.(data, input, queryClient),
    onSettled: () => invalidateAfter(queryClient, method),
  });
}
