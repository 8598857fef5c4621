import { useMemo } from 'react';
import { useQueries, type UseQueryResult } from '@tanstack/react-query';
import type { ServerDetail, ServerSummary } from '../../../../src-preload/contract';
import type { CatalogServer } from '../../../../src-shared/model/rule-coverage';
import { apiQuery } from '../../../lib/api-cache';
import { useServerList } from '../../servers/use-servers';

export interface KeyCatalog {
  servers: ServerSummary[];
  details: Map<string, ServerDetail>;
  /** Names for rule checks: a server not discovered yet has unknown tools, resources and prompts (null). */
  catalog: CatalogServer[];
  pending: boolean;
  error: unknown;
  retry: () => void;
}

/** `combine` keeps the map stable between renders while no query changes. */
function combine(results: UseQueryResult<ServerDetail>[]) {
  return {
    details: new Map(results.flatMap((r) => (r.data ? [[r.data.name, r.data] as const] : []))),
    pending: results.some((r) => r.isPending),
    failed: results.find((r) => r.isError),
  };
}

/** The registered servers and their tool catalogs, from the same cache the Servers screen fills. */
export function useKeyCatalog(): KeyCatalog {
  const list = useServerList();
  const servers = list.data;
  const { details, pending, failed } = useQueries({
    queries: (servers ?? []).map((s) => apiQuery('servers.get', { name: s.name })),
    combine,
  });
  const catalog = useMemo(
    () =>
      (servers ?? []).map((s): CatalogServer => {
        if (!s.discoveredAt) return { name: s.name, tools: null, resources: null, prompts: null };
        const d = details.get(s.name);
        return { name: s.name, tools: d?.tools.map((t) => t.name) ?? [], resources: d?.resources.map((r) => r.name) ?? [], prompts: d?.prompts.map((p) => p.name) ?? [] };
      }),
    [servers, details],
  );
  return {
    servers: servers ?? [],
    details,
    catalog,
    pending: list.isPending || pending,
    error: list.error ?? failed?.error ?? null,
    retry: () => {
      void list.refetch();
      void failed?.refetch();
    },
  };
}
