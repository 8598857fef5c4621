import { useCallback, useMemo, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { KeySummary, Rule } from '../../../src-preload/contract';
import { call } from '../../lib/api';
import { keyKeys } from '../../lib/query-keys';
import { sameRules } from './rule-logic';

/**
 * Pending rule edits per key, on top of the saved rules. Nothing is written until Save:
 * the matrix shows the effective result of the draft so a change is obvious first.
 */
export function useRuleDrafts(keys: KeySummary[]) {
  const [drafts, setDrafts] = useState<Record<string, Rule[]>>({});
  // Keys seen on any page or search: an edit stays pending when a new search hides its key.
  const [seen, setSeen] = useState(() => new Map<string, KeySummary>());
  if (keys.some((k) => seen.get(k.id) !== k)) setSeen(new Map([...seen, ...keys.map((k) => [k.id, k] as const)]));

  const rulesOf = useCallback((k: KeySummary): Rule[] => drafts[k.id] ?? k.rules, [drafts]);

  const edit = useCallback((k: KeySummary, next: (rules: Rule[]) => Rule[]) => {
    setDrafts((d) => {
      const updated = next(d[k.id] ?? k.rules);
      const copy = { ...d };
      if (sameRules(updated, k.rules)) delete copy[k.id];
      else copy[k.id] = updated;
      return copy;
    });
  }, []);

  const changed = useMemo(
    () =>
      Object.keys(drafts)
        .map((id) => seen.get(id))
        .filter((k): k is KeySummary => k !== undefined && !sameRules(drafts[k.id]!, k.rules)),
    [seen, drafts],
  );

  const discard = useCallback(() => setDrafts({}), []);

  return { rulesOf, edit, changed, discard, drafts, setDrafts };
}

export interface SaveFailure {
  key: KeySummary;
  message: string;
}

/** Writes each changed key's rules with keys.update; reports per key what failed. */
export function useSaveRules() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (changes: { key: KeySummary; rules: Rule[] }[]) => {
      const results = await Promise.allSettled(changes.map((c) => call('keys.update', { id: c.key.id, rules: c.rules })));
      const failures: SaveFailure[] = [];
      results.forEach((r, i) => {
        if (r.status === 'rejected') {
          failures.push({ key: changes[i]!.key, message: r.reason instanceof Error ? r.reason.message : String(r.reason) });
        }
      });
      return { saved: changes.filter((_, i) => results[i]!.status === 'fulfilled').map((c) => c.key.id), failures };
    },
    onSuccess: ({ saved }) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: keyKeys.lists() }),
        ...saved.map((id) => queryClient.invalidateQueries({ queryKey: keyKeys.detail(id) })),
      ]),
  });
}
