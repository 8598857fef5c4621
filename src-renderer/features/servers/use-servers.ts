import { useQueries, useQuery } from '@tanstack/react-query';
import type { ServerSummary } from '../../../src-preload/contract';
import { apiQuery } from '../../lib/api-cache';

export function useServerList() {
  return useQuery(apiQuery('servers.list', {}));
}

export function useServerDetail(name: string | null) {
  return useQuery({ ...apiQuery('servers.get', { name: name ?? '' }), enabled: name !== null });
}

/** The tool catalogs of several servers at once (the permission matrix needs them all). */
export function useServerDetails(servers: ServerSummary[] | undefined) {
  return useQueries({ queries: (servers ?? []).map((s) => apiQuery('servers.get', { name: s.name })) });
}
