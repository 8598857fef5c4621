import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Input, KeySummary } from '../../../src-preload/contract';
import type { KeySort } from '../../../src-preload/contract-lists';
import { call } from '../../lib/api';
import { keyKeys } from '../../lib/query-keys';

/** Keys per page of the Keys screen: more come as the table scrolls. */
export const KEY_PAGE = 100;

/** The Keys screen: pages newest first (or as sorted), searched by name on the server. */
export function useKeyPages(params: { search?: string; sort: KeySort; live?: boolean }) {
  return useInfiniteQuery({
    queryKey: keyKeys.query('pages', params),
    queryFn: ({ pageParam }) =>
      call('keys.list', {
        limit: KEY_PAGE,
        sort: params.sort,
        live: params.live ?? false,
        ...(params.search ? { search: params.search } : {}),
        ...(pageParam ? { cursor: pageParam } : {}),
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // A new search keeps the old rows on screen until its first page arrives.
    placeholderData: keepPreviousData,
  });
}

/** Keys by name prefix, at most `limit`, by name: for pickers and short lists. */
export function useKeySearch(search: string, opts: { live?: boolean; limit?: number } = {}) {
  const params = { search: search.trim(), live: opts.live ?? false, limit: opts.limit ?? 20 };
  return useQuery({
    queryKey: keyKeys.query('search', params),
    queryFn: async () =>
      (await call('keys.list', { sort: 'name', live: params.live, limit: params.limit, ...(params.search ? { search: params.search } : {}) })).keys,
    placeholderData: keepPreviousData,
  });
}

/** The keys with these ids (names beside another list). */
export function useKeysByIds(ids: readonly string[]) {
  const sorted = [...new Set(ids)].sort();
  return useQuery({
    queryKey: keyKeys.query('byIds', sorted),
    queryFn: () => call('keys.byIds', { ids: sorted }),
    enabled: sorted.length > 0,
    placeholderData: keepPreviousData,
  });
}

/** Live keys that expire before `beforeMs` (Overview's warnings), soonest first, at most 20. */
export function useExpiringKeys(beforeMs: number) {
  // Rounded to the hour: the query key stays put while the clock ticks.
  const before = new Date(Math.ceil(beforeMs / 3_600_000) * 3_600_000).toISOString();
  return useQuery({
    queryKey: keyKeys.query('expiring', { before }),
    queryFn: async () => (await call('keys.list', { sort: 'expiry', live: true, expiresBefore: before, limit: 20 })).keys,
  });
}

/** Whether any key exists at all (one row read). */
export function useHasKeys() {
  return useQuery({
    queryKey: keyKeys.query('any', {}),
    queryFn: async () => (await call('keys.list', { limit: 1 })).keys.length > 0,
  });
}

export function useKeyDetail(id: string | null) {
  return useQuery({
    queryKey: keyKeys.detail(id ?? ''),
    queryFn: () => call('keys.get', { id: id ?? '' }),
    enabled: id !== null,
  });
}

/** Every loaded page's keys, once each (a refetch during a page load could overlap). */
export function flattenKeys(pages: { keys: KeySummary[] }[] | undefined): KeySummary[] {
  const seen = new Set<string>();
  const out: KeySummary[] = [];
  for (const p of pages ?? []) {
    for (const k of p.keys) {
      if (seen.has(k.id)) continue;
      seen.add(k.id);
      out.push(k);
    }
  }
  return out;
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
