import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { KeySummary } from '../../../src-preload/contract';
import type { KeySort } from '../../../src-preload/contract-lists';
import { apiPages, apiQuery } from '../../lib/api-cache';
import { uniqueItems } from '../../lib/pages';

/** Keys per page of the Keys screen: more come as the table scrolls. */
export const KEY_PAGE = 100;

/** The Keys screen: pages newest first (or as sorted), searched by name on the server. */
export function useKeyPages(params: { search?: string; sort: KeySort; live?: boolean }) {
  return useInfiniteQuery({
    ...apiPages('keys.list', { limit: KEY_PAGE, sort: params.sort, live: params.live ?? false, ...(params.search ? { search: params.search } : {}) }),
    // A new search keeps the old rows on screen until its first page arrives.
    placeholderData: keepPreviousData,
  });
}

/** Keys by name prefix, at most `limit`, by name: for pickers and short lists. */
export function useKeySearch(search: string, opts: { live?: boolean; limit?: number } = {}) {
  const typed = search.trim();
  return useQuery({
    ...apiQuery('keys.list', { sort: 'name', live: opts.live ?? false, limit: opts.limit ?? 20, ...(typed ? { search: typed } : {}) }),
    select: (page) => page.keys,
    placeholderData: keepPreviousData,
  });
}

/** The keys with these ids (names beside another list). */
export function useKeysByIds(ids: readonly string[]) {
  const sorted = [...new Set(ids)].sort();
  return useQuery({
    ...apiQuery('keys.byIds', { ids: sorted }),
    enabled: sorted.length > 0,
    placeholderData: keepPreviousData,
  });
}

/** Live keys that expire before `beforeMs` (Overview's warnings), soonest first, at most 20. */
export function useExpiringKeys(beforeMs: number) {
  // Rounded to the hour: the query key stays put while the clock ticks.
  const before = new Date(Math.ceil(beforeMs / 3_600_000) * 3_600_000).toISOString();
  return useQuery({
    ...apiQuery('keys.list', { sort: 'expiry', live: true, expiresBefore: before, limit: 20 }),
    select: (page) => page.keys,
  });
}

/** Whether any key exists at all (one row read). */
export function useHasKeys() {
  return useQuery({ ...apiQuery('keys.list', { limit: 1 }), select: (page) => page.keys.length > 0 });
}

export function useKeyDetail(id: string | null) {
  return useQuery({
    ...apiQuery('keys.get', { id: id ?? '' }),
    enabled: id !== null,
  });
}

/** Every loaded page's keys, once each. */
export function flattenKeys(pages: { keys: KeySummary[] }[] | undefined): KeySummary[] {
  return uniqueItems(pages, (p) => p.keys, (k) => k.id);
}
