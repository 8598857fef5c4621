import { useMemo } from 'react';
import { flattenKeys, useKeyPages } from '../keys/use-keys';
import { useOAuthClientSearch } from '../oauth/use-oauth';
import { keyRow, oauthRow, type MatrixRow } from './use-permissions';

/** OAuth apps the matrix shows at once (by name); a search finds the others. */
export const MATRIX_APPS = 100;

/**
 * The matrix's rows: live keys by name, a page at a time, then enabled OAuth apps by name;
 * with a search, those whose name starts with it. Read from the server in pages, never
 * every key (revoked and expired keys are not asked for).
 */
export function useMatrixRows(search: string) {
  const keys = useKeyPages({ sort: 'name', live: true, search: search || undefined });
  const apps = useOAuthClientSearch(search, MATRIX_APPS);
  const rows = useMemo<MatrixRow[]>(() => {
    const live = flattenKeys(keys.data?.pages).map(keyRow);
    const enabled = (apps.data ?? []).filter((c) => !c.disabled).map(oauthRow).sort((a, b) => a.name.localeCompare(b.name));
    return [...live, ...enabled];
  }, [keys.data, apps.data]);
  return {
    rows,
    keyPages: keys,
    pending: keys.isPending || apps.isPending,
    // OAuth apps are an addition: the keys alone make the screen work.
    error: keys.isFetchNextPageError ? null : keys.error,
    appsError: apps.error,
    retry: () => void Promise.all([keys.refetch(), apps.refetch()]),
  };
}
