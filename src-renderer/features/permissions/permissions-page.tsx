import { useDeferredValue, useMemo, useState } from 'react';
import { Link } from '@tanstack/react-router';
import { KeyRound, Server } from 'lucide-react';
import type { KeySummary, ServerDetail } from '../../../src-preload/contract';
import { EmptyState } from '../../components/ui/empty-state';
import { Loading, LoadError } from '../../components/ui/load-error';
import { PageHeader } from '../../components/ui/page-header';
import { Input } from '../../components/ui/field';
import { LoadMore } from '../../components/ui/load-more';
import { flattenKeys, useKeyPages } from '../keys/use-keys';
import { useServerDetails, useServerList } from '../servers/use-servers';
import { PatternRulesDialog } from './pattern-rules-dialog';
import { PermissionMatrix, type MatrixActions } from './permission-matrix';
import { isPatternRule, type Target } from './rule-logic';
import { SaveBar, SaveProblems } from './save-bar';
import { useRuleDrafts, useSaveRules } from './use-permissions';
import { WhoCanCallDialog } from './who-can-call-dialog';

/** Which keys the matrix shows: live keys by name, a page at a time, found by name on the server. */
function KeySearchBar(props: {
  text: string;
  onText: (text: string) => void;
  search: string;
  shown: number;
  pages: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
}) {
  return (
    <div role="search" className="flex flex-wrap items-center gap-3">
      <label htmlFor="permission-key-search" className="text-[13px] font-medium">
        Keys
      </label>
      <Input
        id="permission-key-search"
        type="search"
        className="w-64"
        placeholder="Find keys by name…"
        value={props.text}
        onChange={(e) => props.onText(e.target.value)}
        autoComplete="off"
        spellCheck={false}
      />
      <span className="text-[13px] text-muted" aria-live="polite">
        {props.shown} active {props.shown === 1 ? 'key' : 'keys'} shown{props.search ? ` starting with “${props.search}”` : ''}, by name
      </span>
      <LoadMore query={props.pages} label="More keys" />
    </div>
  );
}

export function PermissionsPage() {
  // Live keys only, by name, a page at a time (found by name on the server): never every key.
  const [searchText, setSearchText] = useState('');
  const search = useDeferredValue(searchText.trim());
  const keys = useKeyPages({ sort: 'name', live: true, search: search || undefined });
  const servers = useServerList();
  const details = useServerDetails(servers.data);
  const live = useMemo(() => flattenKeys(keys.data?.pages), [keys.data]);
  const drafts = useRuleDrafts(live);
  const save = useSaveRules();
  const [patternsOf, setPatternsOf] = useState<KeySummary | null>(null);
  const [who, setWho] = useState<Target | null>(null);
  const [savedNote, setSavedNote] = useState('');

  const serverDetails = useMemo(
    () =>
      details
        .map((d) => d.data)
        .filter((d): d is ServerDetail => d !== undefined)
        .sort((a, b) => a.name.localeCompare(b.name)),
    [details],
  );
  const detailError = details.find((d) => d.isError);

  const { rulesOf, edit, changed, discard, setDrafts } = drafts;
  const actions = useMemo<MatrixActions>(
    () => ({
      rulesOf,
      edit,
      isPending: (k) => changed.some((c) => c.id === k.id),
      onPatterns: setPatternsOf,
      onWho: setWho,
    }),
    [rulesOf, edit, changed],
  );

  function saveAll() {
    setSavedNote('');
    const changes = changed.map((k) => ({ key: k, rules: rulesOf(k) }));
    save.mutate(changes, {
      onSuccess: ({ saved, failures }) => {
        setDrafts((d) => {
          const copy = { ...d };
          for (const id of saved) delete copy[id];
          return copy;
        });
        if (saved.length && !failures.length) setSavedNote(`Saved the rules of ${saved.length} ${saved.length === 1 ? 'key' : 'keys'}.`);
      },
    });
  }

  const loading = keys.isPending || servers.isPending || details.some((d) => d.isPending);

  return (
    <div className="px-6 py-5">
      <PageHeader
        title="Permissions"
        description="Which key may call which tool, read which resource and get which prompt. Deny beats allow; whatever no rule allows is denied."
      />
      {keys.isError ? (
        <LoadError what="The keys" error={keys.error} onRetry={() => void keys.refetch()} />
      ) : servers.isError ? (
        <LoadError what="The servers" error={servers.error} onRetry={() => void servers.refetch()} />
      ) : loading ? (
        <Loading>Loading keys and tools…</Loading>
      ) : servers.data!.length === 0 ? (
        <EmptyState
          icon={Server}
          title="No servers yet"
          actions={
            <Link to="/servers" className="inline-flex h-8 items-center rounded-md bg-accent px-3 text-sm font-medium text-accent-fg hover:bg-accent-hover">
              Go to Servers
            </Link>
          }
        >
          Permissions are per tool, resource and prompt. Add a server and discover what it offers first.
        </EmptyState>
      ) : live.length === 0 && !search ? (
        <EmptyState
          icon={KeyRound}
          title="No active API keys"
          actions={
            <Link to="/keys" className="inline-flex h-8 items-center rounded-md bg-accent px-3 text-sm font-medium text-accent-fg hover:bg-accent-hover">
              Go to API keys
            </Link>
          }
        >
          Create an API key, then choose here which tools, resources and prompts it may use.
        </EmptyState>
      ) : (
        <div className="space-y-3">
          <SaveBar changed={changed} savedNote={savedNote} pending={save.isPending} onDiscard={discard} onSave={saveAll} />
          <SaveProblems error={save.isError ? save.error : null} failures={save.data?.failures} />
          {detailError ? <LoadError what="A server's tools" error={detailError.error} onRetry={() => void detailError.refetch()} /> : null}
          <KeySearchBar text={searchText} onText={setSearchText} search={search} shown={live.length} pages={keys} />
          {live.length ? (
            <PermissionMatrix keys={live} servers={serverDetails} actions={actions} />
          ) : (
            <p className="text-sm text-muted">No active key name starts with “{search}”.</p>
          )}
          <p className="text-[13px] text-muted">
            Click a cell to allow, deny or clear it; a name shows who can use it (among the keys shown); “Preset” sets one
            key’s rules for one server at once. A resource template’s cell covers every URI it expands to. Revoked and expired
            keys are not shown.
          </p>
        </div>
      )}
      <PatternRulesDialog
        target={patternsOf}
        rules={patternsOf ? rulesOf(patternsOf) : []}
        onClose={() => setPatternsOf(null)}
        onApply={(patterns) => {
          if (patternsOf) edit(patternsOf, (r) => [...r.filter((x) => !isPatternRule(x)), ...patterns]);
          setPatternsOf(null);
        }}
      />
      <WhoCanCallDialog target={who} keys={live} rulesOf={rulesOf} hasPending={changed.length > 0} onClose={() => setWho(null)} />
    </div>
  );
}
