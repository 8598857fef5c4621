// The ⌘K / Ctrl+K palette: one input, results grouped by kind, ↑/↓ to move,
// Enter to open, Esc to close. Loaded on first use (not in the first-load bundle);
// its lists load when it opens and stay in the TanStack Query cache, under the
// same keys the screens use.
import * as RadixDialog from '@radix-ui/react-dialog';
import { useQueries, type UseQueryResult } from '@tanstack/react-query';
import { useDeferredValue, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import {
  AppWindow,
  ArrowRight,
  CornerDownLeft,
  KeyRound,
  LockKeyhole,
  Plus,
  Search,
  Server,
  Wrench,
  type LucideIcon,
} from 'lucide-react';
import type { ServerDetail, ServerSummary } from '../../../src-preload/contract';
import { nav } from '../../app/app-shell';
import { Button } from '../../components/ui/button';
import { call, errorMessage } from '../../lib/api';
import { cn } from '../../lib/cn';
import { serverKeys } from '../../lib/query-keys';
import { useClientList } from '../clients/use-clients';
import { useKeySearch } from '../keys/use-keys';
import { useOAuthClientSearch } from '../oauth/use-oauth';
import { useServerList } from '../servers/use-servers';
import {
  clientItems,
  keyItems,
  oauthItems,
  quickActions,
  rank,
  screenItems,
  serverItems,
  toolItems,
  type SearchItem,
  type SearchKind,
  type SearchTarget,
} from './search-items';

const icons: Record<SearchKind, LucideIcon> = {
  action: Plus,
  key: KeyRound,
  server: Server,
  tool: Wrench,
  client: AppWindow,
  oauth: LockKeyhole,
  screen: ArrowRight,
};

export interface CommandPaletteProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onSelect: (target: SearchTarget) => void;
}

export function CommandPalette({ open, onOpenChange, onSelect }: CommandPaletteProps) {
  // After a pick, focus belongs to the screen (or dialog) that opens, not the search button.
  const picked = useRef(false);
  // Without a Radix Trigger nothing gets focus back on Esc: remember what had it.
  const returnTo = useRef<HTMLElement | null>(null);
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-overlay" />
        <RadixDialog.Content
          aria-describedby={undefined}
          onOpenAutoFocus={() => {
            picked.current = false;
            returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
          }}
          onCloseAutoFocus={(e) => {
            e.preventDefault();
            if (!picked.current && returnTo.current?.isConnected) returnTo.current.focus();
            returnTo.current = null;
          }}
          className="fixed top-[12vh] left-1/2 z-50 flex max-h-[min(560px,76vh)] w-[calc(100vw-32px)] max-w-[640px] -translate-x-1/2 flex-col overflow-hidden rounded-lg border border-border bg-bg shadow-2xl"
        >
          <RadixDialog.Title className="sr-only">Search Gatehouse</RadixDialog.Title>
          <PaletteBody
            onPick={(target) => {
              picked.current = true;
              onOpenChange(false);
              onSelect(target);
            }}
          />
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

/** Only servers with a catalog have tools to find; `combine` keeps the result stable between renders. */
function combineDetails(results: UseQueryResult<ServerDetail>[]) {
  return {
    data: results.flatMap((r) => (r.data ? [r.data] : [])),
    pending: results.some((r) => r.isPending),
    failed: results.filter((r) => r.isError),
  };
}

function useToolCatalogs(servers: ServerSummary[] | undefined) {
  return useQueries({
    queries: (servers ?? [])
      .filter((s) => s.toolCount > 0)
      .map((s) => ({
        // The same key and function as the Servers screen: one cache.
        queryKey: serverKeys.detail(s.name),
        queryFn: () => call('servers.get', { name: s.name }),
      })),
    combine: combineDetails,
  });
}

interface Problem {
  what: string;
  error: unknown;
  retry: () => void;
}

function PaletteBody({ onPick }: { onPick: (target: SearchTarget) => void }) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  const optionId = (i: number) => `${listId}-opt-${i}`;

  // Keys and OAuth clients are asked of the server by name prefix, a few at a time.
  const typed = useDeferredValue(query);
  const keys = useKeySearch(typed, { limit: 8 });
  const servers = useServerList();
  const tools = useToolCatalogs(servers.data);
  const clients = useClientList();
  const oauth = useOAuthClientSearch(typed, 8);

  const items = useMemo<SearchItem[]>(
    () => [
      ...quickActions,
      ...keyItems(keys.data ?? []),
      ...serverItems(servers.data ?? []),
      ...toolItems(tools.data),
      ...clientItems(clients.data ?? []),
      ...oauthItems(oauth.data ?? []),
      ...screenItems(nav),
    ],
    [keys.data, servers.data, tools.data, clients.data, oauth.data],
  );
  const groups = useMemo(() => rank(items, query), [items, query]);
  const flat = useMemo(() => groups.flatMap((g) => g.items), [groups]);
  const current = Math.min(active, Math.max(0, flat.length - 1));

  const loading = keys.isPending || servers.isPending || tools.pending || clients.isPending || oauth.isPending;
  const problems: Problem[] = [
    ...(keys.isError ? [{ what: 'API keys', error: keys.error, retry: () => void keys.refetch() }] : []),
    ...(servers.isError ? [{ what: 'Servers', error: servers.error, retry: () => void servers.refetch() }] : []),
    ...tools.failed.map((r) => ({ what: 'A tool catalog', error: r.error, retry: () => void r.refetch() })),
    ...(clients.isError ? [{ what: 'Client apps', error: clients.error, retry: () => void clients.refetch() }] : []),
    ...(oauth.isError ? [{ what: 'OAuth clients', error: oauth.error, retry: () => void oauth.refetch() }] : []),
  ];

  // Keep the highlighted row in view while the arrows move it.
  useEffect(() => {
    document.getElementById(`${listId}-opt-${current}`)?.scrollIntoView({ block: 'nearest' });
  }, [listId, current]);

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (flat.length === 0) return;
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((current + step + flat.length) % flat.length);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const item = flat[current];
      if (item) onPick(item.target);
    }
  }

  let index = -1;
  return (
    <>
      <div className="flex items-center gap-2 border-b border-border px-3">
        <Search aria-hidden="true" className="size-4 shrink-0 text-muted" />
        <input
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={flat.length ? optionId(current) : undefined}
          aria-label="Search keys, servers, tools and clients"
          placeholder="Search keys, servers, tools, clients…"
          autoComplete="off"
          spellCheck={false}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          // The caret in the palette's only field is focus enough; the global ring would box it in.
          style={{ outline: 'none' }}
          className="h-12 min-w-0 flex-1 bg-transparent text-[15px] text-fg placeholder:text-muted"
        />
        <kbd className="rounded border border-border bg-surface px-1.5 font-sans text-[11px] text-muted">Esc</kbd>
      </div>

      {/* Focusable so the list scrolls from the keyboard too when it overflows (axe: scrollable-region-focusable). */}
      <div tabIndex={0} className="min-h-0 flex-1 overflow-y-auto p-1.5">
        <div id={listId} role="listbox" aria-label="Results">
          {groups.map((g) => {
            const headingId = `${listId}-${g.kind}`;
            return (
              <div key={g.kind} role="group" aria-labelledby={headingId} className="pb-1">
                <div id={headingId} className="px-2.5 pt-2 pb-1 text-[11px] font-semibold tracking-wide text-muted uppercase">
                  {g.label}
                </div>
                {g.items.map((item) => {
                  index += 1;
                  const i = index;
                  const Icon = icons[item.kind];
                  const selected = i === current;
                  return (
                    <div
                      key={item.id}
                      id={optionId(i)}
                      role="option"
                      aria-selected={selected}
                      onMouseMove={() => (selected ? undefined : setActive(i))}
                      onClick={() => onPick(item.target)}
                      className={cn(
                        'flex h-9 cursor-pointer items-center gap-2.5 rounded-md px-2.5 text-sm',
                        selected ? 'bg-surface-2 text-fg' : 'text-fg',
                      )}
                    >
                      <Icon aria-hidden="true" className={cn('size-4 shrink-0', selected ? 'text-accent' : 'text-muted')} />
                      <span className={cn('max-w-[60%] shrink-0 truncate', item.monoLabel && 'font-mono text-[13px]')}>{item.label}</span>
                      {item.detail ? (
                        <span className={cn('min-w-0 flex-1 truncate text-[12px] text-muted', item.monoDetail && 'font-mono')}>
                          {item.detail}
                        </span>
                      ) : (
                        <span className="flex-1" />
                      )}
                      {selected ? <CornerDownLeft aria-hidden="true" className="size-3.5 shrink-0 text-muted" /> : null}
                    </div>
                  );
                })}
                {g.hidden > 0 ? (
                  <div className="px-2.5 py-1 text-[12px] text-muted">
                    {g.hidden} more {g.label.toLowerCase()} — keep typing to narrow.
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>
        {flat.length === 0 ? (
          <p className="px-3 py-8 text-center text-sm text-muted">
            {loading ? 'Loading…' : <>Nothing matches “{query.trim()}”. Search covers API keys, servers, tools, client apps and OAuth clients.</>}
          </p>
        ) : null}
      </div>

      {problems.length ? (
        <div role="alert" className="space-y-1 border-t border-danger-border bg-danger-bg px-3 py-2 text-[13px] text-danger">
          {problems.map((p, i) => (
            <div key={`${p.what}-${i}`} className="flex items-center gap-2">
              <span className="min-w-0 flex-1 truncate" title={errorMessage(p.error)}>
                {p.what} could not be loaded: {errorMessage(p.error)}
              </span>
              <Button size="sm" onClick={p.retry}>
                Try again
              </Button>
            </div>
          ))}
        </div>
      ) : null}

      <div className="flex items-center gap-3 border-t border-border bg-surface px-3 py-1.5 text-[12px] text-muted">
        <span>
          <Kbd>↑</Kbd> <Kbd>↓</Kbd> to move
        </span>
        <span>
          <Kbd>Enter</Kbd> to open
        </span>
        <span>
          <Kbd>Esc</Kbd> to close
        </span>
        <span className="ml-auto" aria-live="polite">
          {loading && flat.length > 0 ? 'Loading more…' : `${flat.length} ${flat.length === 1 ? 'result' : 'results'}`}
        </span>
      </div>
    </>
  );
}

function Kbd({ children }: { children: string }) {
  return <kbd className="rounded border border-border bg-bg px-1 font-sans text-[11px]">{children}</kbd>;
}
