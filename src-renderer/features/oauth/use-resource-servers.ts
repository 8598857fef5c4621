import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Input } from '../../../src-preload/contract';
import { call } from '../../lib/api';
import { oauthKeys } from '../../lib/query-keys';

export function useResourceServers() {
  return useQuery({ queryKey: oauthKeys.resourceServers(), queryFn: () => call('oauth.resourceServers.list', {}) });
}

function useResourceServersMutation<TVariables, TData>(mutationFn: (variables: TVariables) => Promise<TData>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => queryClient.invalidateQueries({ queryKey: oauthKeys.resourceServers() }) });
}

export function useAddResourceServer() {
  // The secret stays in the mutation result only.
  return useResourceServersMutation((input: Input<'oauth.resourceServers.add'>) => call('oauth.resourceServers.add', input));
}

export function useRemoveResourceServer() {
  return useResourceServersMutation((name: string) => call('oauth.resourceServers.remove', { name }));
}

export function useRotateResourceServerSecret() {
  return useResourceServersMutation((name: string) => call('oauth.resourceServers.rotateSecret', { name }));
}
