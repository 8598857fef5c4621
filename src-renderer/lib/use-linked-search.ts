import { useCallback, useEffect, useState } from 'react';

/**
 * What a link into a screen asks for (#/servers?server=fs&tool=read), taken once: the
 * URL goes back to the plain screen (so the same link chosen again acts again), and the
 * screen calls `handled` once it acted (so a later refetch does not act twice).
 */
export function useLinkedSearch<T extends object>(search: T, clear: () => void): { linked: T | null; handled: () => void } {
  const [linked, setLinked] = useState<T | null>(null);
  useEffect(() => {
    if (Object.keys(search).length === 0) return;
    setLinked(search);
    clear();
  }, [search, clear]);
  return { linked, handled: useCallback(() => setLinked(null), []) };
}
