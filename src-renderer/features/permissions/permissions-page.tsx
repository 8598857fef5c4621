import { useDeferredValue, useMemo, useState } from 'react';
import { Link } from '@tanstack/react-router';
import { KeyRound, Server } from 'lucide-react';
import type { ServerDetail } from '../../../src-preload/contract';
import { EmptyState } from '../../components/ui/empty-state';
import { Loading, LoadError } from '../../components/ui/load-error';
import { PageHeader } from '../../components/ui/page-header';
import { SearchField } from '../../components/ui/search-field';
import { LoadMore } from '../../components/ui/load-more';
import { useServerDetails, useServerList } from '../servers/use-servers';
import { LeaveGuard } from './leave-guard';
import { PatternRulesDialog } from './pattern-rules-dialog';
import { PermissionMatrix, type MatrixActions } from './permission-matrix';
import { isPatternRule, type Target } from './rule-logic';
import { SaveBar, SaveProblems } from './save-bar';
import { useMatrixRows } from './use-matrix-rows';
import { rowsText, useRuleDrafts, useSaveRules, type MatrixRow } from './use-permissions';
import { WhoCanCallDialog } from './who-can-call-dialog';

/** Which rows the matrix shows: live keys and OAuth apps by name, found by name on the server. */
function RowSearchBar(props: {
  text: string;
  onText: (text: string) => void;
  search: string;
  shown: number;
  pages: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
}) {
  return (
    <div role="search" className="flex flex-wrap items-center gap-3">
      <SearchField
        id="permission-key-search"
        label="Keys and apps"
        labelClassName="text-[13px] font-medium"
        className="w-64"
        placeholder="Find keys and apps by name…"
        value={props.text}
        onChange={props.onText}
      />
      <span className="text-[13px] text-muted" aria-live="polite">
        {props.shown} {props.shown === 1 ? 'row' : 'rows'} shown{props.search ? ` starting with “${props.search}”` : ''}, by name
      </span>
      <LoadMore query={props.pages} label="More keys" />
    </div>
  );
}

const linkButton = 'inline-flex h-8 items-center rounded-md bg-accent px-3 text-sm font-medium text-accent-fg hover:bg-accent-hover';

function useServerCatalogs() {
  const servers = useServerList();
  const details = useServerDetails(servers.data);
  const serverDetails = useMemo(
    () =>
      details
        .map((d) => d.data)
        .filter((d): d is ServerDetail => d !== undefined)
        .sort((a, b) => a.name.localeCompare(b.name)),
    [details],
  );
  return { servers, serverDetails, pending: servers.isPending || details.some((d) => d.isPending), detailError: details.find((d) => d.isError) };
}

/** Staged edits and their saving: Save on the bar, or "Save and leave" from the leave guard. */
function useStagedRules(rows: MatrixRow[]) {
  const drafts = useRuleDrafts(rows);
  const save = useSaveRules();
  const [savedNote, setSavedNote] = useState('');
  const { rulesOf, changed, setDrafts } = drafts;

  async function saveAll(): Promise<boolean> {
    setSavedNote('');
    const { saved, failures } = await save.mutateAsync(changed.map((k) => ({ key: k, rules: rulesOf(k) })));
    setDrafts((d) => {
      const copy = { ...d };
      for (const id of saved) delete copy[id];
      return copy;
    });
    if (saved.length && !failures.length) setSavedNote(`Saved the rules of ${rowsText(changed.filter((r) => saved.includes(r.id)))}.`);
    return failures.length === 0;
  }
  return { ...drafts, save, savedNote, saveAll: () => saveAll().catch(() => false) };
}

export function PermissionsPage() {
  // Live keys and apps by name, a page at a time (found by name on the server): never every key.
  const [searchText, setSearchText] = useState('');
  const search = useDeferredValue(searchText.trim());
  const matrix = useMatrixRows(search);
  const catalogs = useServerCatalogs();
  const staged = useStagedRules(matrix.rows);
  const [patternsOf, setPatternsOf] = useState<MatrixRow | null>(null);
  const [who, setWho] = useState<Target | null>(null);
  const { rulesOf, edit, changed, discard } = staged;
  const actions = useMemo<MatrixActions>(
    () => ({ rulesOf, edit, isPending: (k) => changed.some((c) => c.id === k.id), onPatterns: setPatternsOf, onWho: setWho }),
    [rulesOf, edit, changed],
  );

  return (
    <div className="px-6 py-5">
      <PageHeader
        title="Permissions"
        description="Which key or OAuth app may call which tool, read which resource and get which prompt. Deny beats allow; whatever no rule allows is denied."
      />
      {matrix.error ? (
        <LoadError what="The keys" error={matrix.error} onRetry={matrix.retry} />
      ) : catalogs.servers.isError ? (
        <LoadError what="The servers" error={catalogs.servers.error} onRetry={() => void catalogs.servers.refetch()} />
      ) : matrix.pending || catalogs.pending ? (
        <Loading>Loading keys and tools…</Loading>
      ) : catalogs.servers.data!.length === 0 ? (
        <EmptyState icon={Server} title="No servers yet" actions={<Link to="/servers" className={linkButton}>Go to Servers</Link>}>
          Permissions are per tool, resource and prompt. Add a server and discover what it offers first.
        </EmptyState>
      ) : matrix.rows.length === 0 && !search ? (
        <EmptyState icon={KeyRound} title="No active API keys" actions={<Link to="/keys" className={linkButton}>Go to API keys</Link>}>
          Create an API key, then choose here which tools, resources and prompts it may use.
        </EmptyState>
      ) : (
        <div className="space-y-3">
          <SaveBar changed={changed} savedNote={staged.savedNote} saving={staged.save.isPending} onDiscard={discard} onSave={() => void staged.saveAll()} />
          <SaveProblems error={staged.save.error} failures={staged.save.data?.failures} />
          {catalogs.detailError ? <LoadError what="A server's tools" error={catalogs.detailError.error} onRetry={() => void catalogs.detailError?.refetch()} /> : null}
          {matrix.appsError ? <LoadError what="The OAuth apps" error={matrix.appsError} onRetry={matrix.retry} /> : null}
          <RowSearchBar text={searchText} onText={setSearchText} search={search} shown={matrix.rows.length} pages={matrix.keyPages} />
          {matrix.rows.length ? (
            <PermissionMatrix keys={matrix.rows} servers={catalogs.serverDetails} actions={actions} />
          ) : (
            <p className="text-sm text-muted">No active key or OAuth app name starts with “{search}”.</p>
          )}
          <p className="text-[13px] text-muted">
            Click a cell to allow, deny or clear it; a name shows who can use it (among the rows shown); “Preset” sets one row’s
            rules for one server at once. A resource template’s cell covers every URI it expands to. Revoked and expired keys
            are not shown.
          </p>
        </div>
      )}
      <LeaveGuard changed={changed} saving={staged.save.isPending} error={staged.save.error} onSave={staged.saveAll} onDiscard={discard} />
      <PatternRulesDialog
        target={patternsOf}
        rules={patternsOf ? rulesOf(patternsOf) : []}
        onClose={() => setPatternsOf(null)}
        onApply={(patterns) => {
          if (patternsOf) edit(patternsOf, (r) => [...r.filter((x) => !isPatternRule(x)), ...patterns]);
          setPatternsOf(null);
        }}
      />
      <WhoCanCallDialog target={who} keys={matrix.rows} rulesOf={rulesOf} hasPending={changed.length > 0} onClose={() => setWho(null)} />
    </div>
  );
}
