import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Input, ServerSummary } from '../../../src-preload/contract';
import { call } from '../../lib/api';
import { serverKeys } from '../../lib/query-keys';

export function useServerList() {
  return useQuery({ queryKey: serverKeys.list(), queryFn: () => call('servers.list', {}) });
}

export function useServerDetail(name: string | null) {
  return useQuery({
    queryKey: serverKeys.detail(name ?? ''),
    queryFn: () => call('servers.get', { name: name ?? '' }),
    enabled: name !== null,
  });
}

/** The tool catalogs of several servers at once (the permission matrix needs them all). */
export function useServerDetails(servers: ServerSummary[] | undefined) {
  return useQueries({
    queries: (servers ?? []).map((s) => ({
      queryKey: serverKeys.detail(s.name),
      queryFn: () => call('servers.get', { name: s.name }),
    })),
  });
}

export function useAddServer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Input<'servers.add'>) => call('servers.add', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: serverKeys.lists() }),
  });
}

export function useUpdateServer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Input<'servers.update'>) => call('servers.update', input),
    onSuccess: (s) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: serverKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: serverKeys.detail(s.name) }),
      ]),
  });
}

export function useRemoveServer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => call('servers.remove', { name }),
    onSuccess: (_data, name) => {
      queryClient.removeQueries({ queryKey: serverKeys.detail(name) });
      return queryClient.invalidateQueries({ queryKey: serverKeys.lists() });
    },
  });
}

export function useDiscoverServer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => call('servers.discover', { name }),
    onSuccess: (detail) => {
      queryClient.setQueryData(serverKeys.detail(detail.name), detail);
      return queryClient.invalidateQueries({ queryKey: serverKeys.lists() });
    },
    // A failed discovery is stored on the server: the list shows it where it happened.
    onError: (_e, name) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: serverKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: serverKeys.detail(name) }),
      ]),
  });
}

export function useImportClaude() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Input<'servers.importClaude'>) => call('servers.importClaude', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: serverKeys.lists() }),
  });
}
