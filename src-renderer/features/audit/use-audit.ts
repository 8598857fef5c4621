import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { AuditEntry, AuditFilters } from '../../../src-preload/contract';
import { apiPages, apiQuery } from '../../lib/api-cache';
import { uniqueItems } from '../../lib/pages';
import { sinceIso, type AuditSearch } from './audit-search';

export const PAGE_SIZE = 100;

/** The screen's filters as the API's: what the table shows is what an export writes. */
export function toFilters(search: AuditSearch): AuditFilters {
  const q: AuditFilters = {};
  if (search.principal) q.principalId = search.principal;
  if (search.server) q.server = search.server;
  if (search.tool) q.tool = search.tool;
  if (search.decision) q.decision = search.decision;
  // Relative in the URL, absolute per request: a refetch moves the window with the clock.
  const since = sinceIso(search.since);
  if (since) q.since = since;
  return q;
}

/**
 * Audit events, newest first, a page per "Load more" (or as the table scrolls); polled
 * every 2 s while the live tail is on. Each page is one index range read on the server's
 * read thread, however many events there are.
 */
export function useAuditEvents(search: AuditSearch, live: boolean) {
  return useInfiniteQuery({
    // Keyed by the filters as they stand in the URL (relative `since` included): each page asked for recomputes the window.
    ...apiPages('audit.query', { ...search }, (s) => ({ ...toFilters(s), limit: PAGE_SIZE })),
    refetchInterval: live ? 2000 : false,
    staleTime: live ? 0 : 10_000,
  });
}

/** All loaded events once, newest first. */
export function flattenEvents(pages: { events: AuditEntry[] }[] | undefined): AuditEntry[] {
  return uniqueItems(pages, (p) => p.events, (e) => e.id);
}

export function useAuditPerMinute(minutes: number, live: boolean) {
  return useQuery({ ...apiQuery('audit.perMinute', { minutes }), refetchInterval: live ? 2000 : 30_000 });
}
