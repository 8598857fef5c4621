import { useEffect, useMemo } from 'react';
import type { KeySummary } from '../../../src-preload/contract';
import { Hint, Select } from '../../components/ui/field';
import { SearchField } from '../../components/ui/search-field';
import { isLive } from '../keys/key-status-badge';
import { useKeysByIds, useKeySearch } from '../keys/use-keys';

/** Live keys listed in the picker at once; the find box searches the rest on the server. */
export const KEY_CHOICES = 50;

/**
 * The keys the protect dialog offers, read from the server in small pieces: the keys
 * the config's servers use now, a key named after the app (made for it earlier), and the
 * first live keys by name (or those starting with what was typed in the find box).
 */
export function useKeyChoices(target: { app: { name: string }; config: { servers: { keyId: string | null }[] } } | null, find: string) {
  const appName = target?.app.name ?? null;
  const usedIds = useMemo(() => (target?.config.servers ?? []).flatMap((s) => (s.keyId ? [s.keyId] : [])), [target]);
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

/** The key choice standing for "make a new key for this app". */
export const NEW_KEY = '__new__';

/** The API key a protected entry uses: a new one for the app, or one found by name. */
export function KeyChoiceField({
  appName,
  value,
  onChange,
  keys,
  find,
  onFind,
}: {
  appName: string;
  value: string;
  onChange: (id: string) => void;
  keys: KeySummary[];
  find: string;
  onFind: (text: string) => void;
}) {
  return (
    <div>
      <label htmlFor="protect-key" className="mb-1 block text-[13px] font-semibold">
        API key
      </label>
      <Select id="protect-key" className="w-full" value={value} onChange={(e) => onChange(e.target.value)} aria-describedby="protect-key-hint">
        <option value={NEW_KEY}>Create a key for {appName}</option>
        {keys.map((k) => (
          <option key={k.id} value={k.id}>
            {k.name} ({k.prefix}…)
          </option>
        ))}
      </Select>
      <SearchField id="protect-key-find" label="Find a key by name" className="mt-1.5 w-full" placeholder="Find another key by name…" value={find} onChange={onFind} />
      <Hint id="protect-key-hint">
        {value === NEW_KEY
          ? `A new key named “${appName}”, allowed every tool of the chosen servers for 90 days. Narrow it in Permissions.`
          : `${appName} will call the servers with this key; it may call what the key’s rules allow.`}
      </Hint>
    </div>
  );
}

/** Keeps the chosen key sensible as the keys load: the app's own key once found, never a dead one. */
export function useKeyChoiceFollows(
  choices: ReturnType<typeof useKeyChoices>,
  keyChoice: string,
  setKeyChoice: (id: string) => void,
  autoChoice: boolean,
): void {
  useEffect(() => {
    // Nothing chosen yet: the key made earlier for this app, if it still works.
    if (autoChoice && keyChoice === NEW_KEY && choices.made) setKeyChoice(choices.made);
  }, [autoChoice, keyChoice, choices.made, setKeyChoice]);
  useEffect(() => {
    // A chosen key that no longer works (revoked, expired) gives way to a new one.
    if (keyChoice !== NEW_KEY && choices.loaded && !choices.live.some((k) => k.id === keyChoice)) setKeyChoice(NEW_KEY);
  }, [choices.loaded, choices.live, keyChoice, setKeyChoice]);
}
