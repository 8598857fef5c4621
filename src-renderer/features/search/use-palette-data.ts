// Everything the palette searches, in one hook: the one place that reads the admin API
// for it. Keys and OAuth clients (lists that can grow to 100,000) are asked of the server
// by name prefix as the admin types, a few at a time; servers, tools and client apps come
// from the same TanStack Query cache as the screens.
import { useMemo } from 'react';
import { useQueries, type UseQueryResult } from '@tanstack/react-query';
import type { ServerDetail, ServerSummary } from '../../../src-preload/contract';
import { nav } from '../../app/app-shell';
import { apiQuery } from '../../lib/api-cache';
import { useClientList } from '../client-apps/use-clients';
import { isLive } from '../keys/key-status-badge';
import { useKeySearch } from '../keys/use-keys';
import { useOAuthClientSearch } from '../oauth/use-oauth';
import { useServerList } from '../servers/use-servers';
import { capabilityItems, clientItems, keyItems, oauthItems, quickActions, screenItems, serverItems, toolItems, type PalettePage, type SearchItem } from './search-items';

export interface Problem {
  what: string;
  error: unknown;
  retry: () => void;
}

/** Only servers discovered once have a catalog (tools, resources, prompts) to find; `combine` keeps the result stable between renders. */
function combineDetails(results: UseQueryResult<ServerDetail>[]) {
  return {
    data: results.flatMap((r) => (r.data ? [r.data] : [])),
    pending: results.some((r) => r.isPending),
    failed: results.filter((r) => r.isError),
  };
}

function useToolCatalogs(servers: ServerSummary[] | undefined) {
  return useQueries({
    queries: (servers ?? [])
      .filter((s) => s.discoveredAt !== null)
      .map((s) => apiQuery('servers.get', { name: s.name })),
    combine: combineDetails,
  });
}

/** Keys found per keystroke: a few in the root list, more on an action's page (its targets). */
const ROOT_KEYS = 8;
const PAGE_KEYS = 50;

/** The items of the root list, or of an action's page (its targets), for what was typed. */
export function usePaletteData(page: PalettePage | null, typed: string): { items: SearchItem[]; loading: boolean; problems: Problem[] } {
  const keyPage = page === 'rotate' || page === 'revoke';
  const keys = useKeySearch(typed, keyPage ? { live: true, limit: PAGE_KEYS } : { limit: ROOT_KEYS });
  const servers = useServerList();
  const tools = useToolCatalogs(servers.data);
  const clients = useClientList();
  const oauth = useOAuthClientSearch(typed, ROOT_KEYS);

  const items = useMemo<SearchItem[]>(() => {
    const live = (keys.data ?? []).filter(isLive);
    if (page === 'rotate' || page === 'revoke') return keyItems(live, page);
    if (page === 'protect') return clientItems(clients.data ?? [], 'protect');
    if (page === 'expose') return serverItems(servers.data ?? [], 'expose');
    return [
      ...quickActions,
      ...keyItems(keys.data ?? []),
      ...serverItems(servers.data ?? []),
      ...toolItems(tools.data),
      ...capabilityItems(tools.data),
      ...clientItems(clients.data ?? []),
      ...oauthItems(oauth.data ?? []),
      ...screenItems(nav),
    ];
  }, [page, keys.data, servers.data, tools.data, clients.data, oauth.data]);

  const loading = keys.isPending || servers.isPending || tools.pending || clients.isPending || oauth.isPending;
  const problems: Problem[] = [
    ...(keys.isError ? [{ what: 'API keys', error: keys.error, retry: () => void keys.refetch() }] : []),
    ...(servers.isError ? [{ what: 'Servers', error: servers.error, retry: () => void servers.refetch() }] : []),
    ...tools.failed.map((r) => ({ what: 'A tool catalog', error: r.error, retry: () => void r.refetch() })),
    ...(clients.isError ? [{ what: 'Client apps', error: clients.error, retry: () => void clients.refetch() }] : []),
    ...(oauth.isError ? [{ what: 'OAuth clients', error: oauth.error, retry: () => void oauth.refetch() }] : []),
  ];
  return { items, loading, problems };
}
