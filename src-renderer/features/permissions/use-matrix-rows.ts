import { useMemo } from 'react';
import { useKeyList } from '../keys/use-keys';
import { useOAuthClients } from '../oauth/use-oauth';
import { keyRow, oauthRow, type MatrixRow } from './use-permissions';

/** Live keys, then enabled OAuth apps, each by name: the matrix's rows. */
export function useMatrixRows() {
  const keys = useKeyList();
  const apps = useOAuthClients();
  const rows = useMemo<MatrixRow[]>(() => {
    const live = (keys.data ?? []).filter((k) => k.status === 'active' || k.status === 'rotating').map(keyRow);
    const enabled = (apps.data ?? []).filter((c) => !c.disabled).map(oauthRow);
    const byName = (a: MatrixRow, b: MatrixRow) => a.name.localeCompare(b.name);
    return [...live.sort(byName), ...enabled.sort(byName)];
  }, [keys.data, apps.data]);
  const hidden = (keys.data ?? []).filter((k) => k.status !== 'active' && k.status !== 'rotating').length;
  return {
    rows,
    hidden,
    pending: keys.isPending || apps.isPending,
    // OAuth apps are an addition: the keys alone make the screen work.
    error: keys.error,
    appsError: apps.error,
    retry: () => void Promise.all([keys.refetch(), apps.refetch()]),
  };
}
