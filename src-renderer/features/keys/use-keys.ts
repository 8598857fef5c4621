import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Input } from '../../../src-preload/contract';
import { call } from '../../lib/api';
import { keyKeys } from '../../lib/query-keys';

export function useKeyList() {
  return useQuery({ queryKey: keyKeys.list(), queryFn: () => call('keys.list', {}) });
}

export function useKeyDetail(id: string | null) {
  return useQuery({
    queryKey: keyKeys.detail(id ?? ''),
    queryFn: () => call('keys.get', { id: id ?? '' }),
    enabled: id !== null,
  });
}

export function useCreateKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Input<'keys.create'>) => call('keys.create', input),
    // The secret stays in the mutation result only; the cache gets the summary via refetch.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keyKeys.lists() }),
  });
}

export function useRotateKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Input<'keys.rotate'>) => call('keys.rotate', input),
    onSuccess: (_data, input) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: keyKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: keyKeys.detail(input.id) }),
      ]),
  });
}

export function useRevokeKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call('keys.revoke', { id }),
    onSuccess: (_data, id) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: keyKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: keyKeys.detail(id) }),
      ]),
  });
}

export function useUpdateKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Input<'keys.update'>) => call('keys.update', input),
    onSuccess: (_data, input) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: keyKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: keyKeys.detail(input.id) }),
      ]),
  });
}

/** Ends a rotation's grace: the old secret stops working now. */
export function useEndGrace() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call('keys.endGrace', { id }),
    onSuccess: (detail) => {
      queryClient.setQueryData(keyKeys.detail(detail.id), detail);
      return queryClient.invalidateQueries({ queryKey: keyKeys.lists() });
    },
  });
}
