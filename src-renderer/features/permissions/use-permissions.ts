import { useCallback, useMemo, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { KeySummary, Rule } from '../../../src-preload/contract';
import type { OAuthClientSummary } from '../../../src-preload/contract-oauth';
import { call } from '../../lib/api';
import { invalidateAfter } from '../../lib/api-cache';
import { sameRules } from './rule-logic';

/** A row of the matrix: an API key or an OAuth client (an MCP app signed in through the gateway). */
export interface MatrixRow {
  id: string;
  name: string;
  kind: 'key' | 'oauth';
  rules: Rule[];
}

/** "1 key", "2 keys", "1 OAuth app", "1 key and 2 OAuth apps". */
export function rowsText(rows: readonly MatrixRow[]): string {
  const keys = rows.filter((r) => r.kind === 'key').length;
  const apps = rows.length - keys;
  const parts = [keys ? `${keys} ${keys === 1 ? 'key' : 'keys'}` : '', apps ? `${apps} OAuth ${apps === 1 ? 'app' : 'apps'}` : ''];
  return parts.filter(Boolean).join(' and ');
}

export const keyRow = (k: KeySummary): MatrixRow => ({ id: k.id, name: k.name, kind: 'key', rules: k.rules });
export const oauthRow = (c: OAuthClientSummary): MatrixRow => ({ id: c.clientId, name: c.name, kind: 'oauth', rules: c.rules });

/**
 * Pending rule edits per key, on top of the saved rules. Nothing is written until Save:
 * the matrix shows the effective result of the draft so a change is obvious first.
 */
export function useRuleDrafts(keys: MatrixRow[]) {
  const [drafts, setDrafts] = useState<Record<string, Rule[]>>({});
  // Rows seen on any page or search: an edit stays pending when a new search hides its row.
  const [seen, setSeen] = useState(() => new Map<string, MatrixRow>());
  if (keys.some((k) => seen.get(k.id) !== k)) setSeen(new Map([...seen, ...keys.map((k) => [k.id, k] as const)]));

  const rulesOf = useCallback((k: MatrixRow): Rule[] => drafts[k.id] ?? k.rules, [drafts]);

  const edit = useCallback((k: MatrixRow, next: (rules: Rule[]) => Rule[]) => {
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
        .filter((k): k is MatrixRow => k !== undefined && !sameRules(drafts[k.id]!, k.rules)),
    [seen, drafts],
  );

  const discard = useCallback(() => setDrafts({}), []);

  return { rulesOf, edit, changed, discard, drafts, setDrafts };
}

export interface SaveFailure {
  key: MatrixRow;
  message: string;
}

function saveRules(row: MatrixRow, rules: Rule[]) {
  return row.kind === 'key' ? call('keys.update', { id: row.id, rules }) : call('oauth.clients.update', { clientId: row.id, rules });
}

/** Writes each changed row's rules (keys.update, oauth.clients.update), then refreshes once what they changed; reports per row what failed. */
export function useSaveRules() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (changes: { key: MatrixRow; rules: Rule[] }[]) => {
      const results = await Promise.allSettled(changes.map((c) => saveRules(c.key, c.rules)));
      const failures: SaveFailure[] = [];
      results.forEach((r, i) => {
        if (r.status === 'rejected') {
          failures.push({ key: changes[i]!.key, message: r.reason instanceof Error ? r.reason.message : String(r.reason) });
        }
      });
      return { saved: changes.filter((_, i) => results[i]!.status === 'fulfilled').map((c) => c.key.id), failures };
    },
    onSettled: () => invalidateAfter(queryClient, 'keys.update', 'oauth.clients.update'),
  });
}
