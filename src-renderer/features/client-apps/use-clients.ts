import { useQuery } from '@tanstack/react-query';
import type { ClientApp, Input } from '../../../src-preload/contract';
import { apiQuery } from '../../lib/api-cache';

export function useClientList() {
  return useQuery(apiQuery('clients.list', {}));
}

export function useFirstRun() {
  return useQuery(apiQuery('clients.firstRun', {}));
}

export function useBackups(client: string, configPath: string, enabled: boolean) {
  return useQuery({ ...apiQuery('clients.backups', { client: client as Input<'clients.backups'>['client'], configPath }), enabled });
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
