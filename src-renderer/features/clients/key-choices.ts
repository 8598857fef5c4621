import { useMemo } from 'react';
import type { KeySummary } from '../../../src-preload/contract';
import { isLive } from '../keys/key-status-badge';
import { useKeysByIds, useKeySearch } from '../keys/use-keys';

/** Live keys listed in the picker at once; the find box searches the rest on the server. */
export const KEY_CHOICES = 50;

/**
 * The keys the protect dialog offers, read from the server in small pieces: the keys
 * the config's servers use now, a key named after the app (made for it earlier), and the
 * first live keys by name (or those starting with what was typed in the find box).
 */
export function useKeyChoices(appName: string | null, usedIds: readonly string[], find: string) {
  const used = useKeysByIds(usedIds);
  const named = useKeySearch(appName ?? '', { live: true, limit: 10 });
  const found = useKeySearch(find, { live: true, limit: KEY_CHOICES });
  return useMemo(() => {
    const made = appName ? (named.data ?? []).find((k) => k.name === appName) : undefined;
    const byId = new Map<string, KeySummary>();
    for (const k of [...(used.data ?? []).filter(isLive), ...(made ? [made] : []), ...(found.data ?? [])]) byId.set(k.id, k);
    return {
      live: [...byId.values()],
      made: made?.id ?? null,
      loaded: !found.isPending && !named.isPending && (usedIds.length === 0 || !used.isPending),
    };
  }, [appName, usedIds.length, used.data, used.isPending, named.data, named.isPending, found.data, found.isPending]);
}
