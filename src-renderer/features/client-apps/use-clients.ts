import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { ClientApp, Input } from '../../../src-preload/contract';
import { call } from '../../lib/api';
import { auditKeys, clientKeys, keyKeys, serverKeys } from '../../lib/query-keys';

export function useClientList() {
  return useQuery({ queryKey: clientKeys.list(), queryFn: () => call('clients.list', {}) });
}

export function useFirstRun() {
  return useQuery({ queryKey: clientKeys.firstRun(), queryFn: () => call('clients.firstRun', {}) });
}

export function useBackups(client: string, configPath: string, enabled: boolean) {
  return useQuery({
    queryKey: clientKeys.backups(client, configPath),
    queryFn: () => call('clients.backups', { client: client as Input<'clients.backups'>['client'], configPath }),
    enabled,
  });
}

/** A write changes the file, its statuses, its backups, and maybe the registry (imported servers). */
function afterWrite(queryClient: QueryClient) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: clientKeys.all }),
    queryClient.invalidateQueries({ queryKey: serverKeys.lists() }),
    queryClient.invalidateQueries({ queryKey: auditKeys.all }),
  ]);
}

/** Previews write nothing: mutations only so each one runs when asked (each reveals the key, audited). */
export function usePreviewProtect() {
  return useMutation({ mutationFn: (input: Input<'clients.preview'>) => call('clients.preview', input) });
}

export function usePreviewUnprotect() {
  return useMutation({ mutationFn: (input: Input<'clients.previewUnprotect'>) => call('clients.previewUnprotect', input) });
}

/** A write to a client config; what it changed is refetched whether it worked or not. */
function useConfigWrite<TVariables, TData>(mutationFn: (variables: TVariables) => Promise<TData>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, onSettled: () => afterWrite(queryClient) });
}

export function useProtect() {
  return useConfigWrite((input: Input<'clients.protect'>) => call('clients.protect', input));
}

export function useUnprotect() {
  return useConfigWrite((input: Input<'clients.unprotect'>) => call('clients.unprotect', input));
}

export function useRestore() {
  return useConfigWrite((backupId: string) => call('clients.restore', { backupId }));
}

export function usePruneBackups() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Input<'clients.pruneBackups'>) => call('clients.pruneBackups', input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: clientKeys.all }),
  });
}

export function useReapply() {
  return useConfigWrite((input: Input<'clients.reapply'>) => call('clients.reapply', input));
}

export function useRepatchKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (keyId: string) => call('clients.repatchKey', { keyId }),
    onSettled: () => Promise.all([afterWrite(queryClient), queryClient.invalidateQueries({ queryKey: keyKeys.lists() })]),
  });
}

/** Every client entry (protected or drifted) that launches the guard with this key. */
export function entriesUsingKey(apps: ClientApp[] | undefined, keyId: string) {
  const out: { app: string; path: string; server: string }[] = [];
  for (const a of apps ?? []) {
    for (const c of a.configs) {
      for (const s of c.servers) if (s.keyId === keyId && s.status !== 'unprotected') out.push({ app: a.name, path: c.path, server: s.name });
    }
  }
  return out;
}

/** How many config files those entries live in: what "Update N client configs" counts. */
export function configCount(entries: { path: string }[]): number {
  return new Set(entries.map((e) => e.path)).size;
}
