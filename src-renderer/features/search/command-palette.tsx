// The ⌘K / Ctrl+K palette, on cmdk: find a key, server, tool, client config or OAuth
// client and open it; or act (create, rotate, revoke, protect, expose). An action that
// needs a target lists its targets first; Backspace on an empty query goes back.
// Loaded on first use (not in the first-load bundle).
import * as RadixDialog from '@radix-ui/react-dialog';
import { Command } from 'cmdk';
import { useDeferredValue, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { ChevronLeft, Search } from 'lucide-react';
import { Button } from '../../components/ui/button';
import { errorMessage } from '../../lib/api';
import { pageTitles, rank, type PalettePage, type SearchItem, type SearchTarget } from './search-items';
import { PaletteList } from './palette-list';
import { usePaletteData, type Problem } from './use-palette-data';

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
  const [page, setPage] = useState<PalettePage | null>(null);
  return (
    <RadixDialog.Root
      open={open}
      onOpenChange={(o) => {
        if (!o) setPage(null);
        onOpenChange(o);
      }}
    >
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-overlay" />
        <RadixDialog.Content
          aria-describedby={undefined}
          onOpenAutoFocus={() => {
            picked.current = false;
            returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
          }}
          onEscapeKeyDown={(e) => {
            // Esc on an action's list goes back to everything first.
            if (page) {
              e.preventDefault();
              setPage(null);
            }
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
            key={page ?? 'root'}
            page={page}
            onPage={setPage}
            onPick={(target) => {
              picked.current = true;
              setPage(null);
              onOpenChange(false);
              onSelect(target);
            }}
          />
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

/**
 * cmdk marks the selected option (aria-selected) but, here, leaves the input's
 * aria-activedescendant empty; screen readers follow the focused input, so it is set
 * on the input after each change of selection.
 */
function useActiveDescendant(selected: string, input: React.RefObject<HTMLInputElement | null>): void {
  useEffect(() => {
    const el = selected ? document.querySelector<HTMLElement>(`[cmdk-item][data-value="${CSS.escape(selected)}"]`) : null;
    if (el?.id) input.current?.setAttribute('aria-activedescendant', el.id);
    else input.current?.removeAttribute('aria-activedescendant');
  });
}

function PaletteBody({ page, onPage, onPick }: { page: PalettePage | null; onPage: (p: PalettePage | null) => void; onPick: (t: SearchTarget) => void }) {
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);
  useActiveDescendant(selected, inputRef);
  // Keys and OAuth clients are asked of the server by name prefix, a few at a time.
  const typed = useDeferredValue(query);
  const { items, loading, problems } = usePaletteData(page, typed);
  const groups = useMemo(() => rank(items, query, page ? 50 : undefined), [items, query, page]);
  const count = groups.reduce((n, g) => n + g.items.length, 0);

  function pick(item: SearchItem) {
    if ('page' in item.target) onPage(item.target.page);
    else onPick(item.target);
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key === 'Backspace' && page && query === '') {
      e.preventDefault();
      onPage(null);
    }
  }

  const empty = loading ? 'Loading…' : page ? `Nothing to ${page} here.` : `Nothing matches “${query.trim()}”. Search covers API keys, servers, tools, client apps and OAuth clients.`;
  return (
    // cmdk names its input with this label.
    <Command label={page ? pageTitles[page] : 'Search keys, servers, tools and clients'} shouldFilter={false} loop value={selected} onValueChange={setSelected} onKeyDown={onKeyDown} className="flex min-h-0 flex-1 flex-col">
      <div className="flex items-center gap-2 border-b border-border px-3">
        {page ? (
          <Button size="sm" variant="ghost" className="-ml-1.5 shrink-0 text-muted" onClick={() => onPage(null)} title="Back to everything (Backspace)">
            <ChevronLeft aria-hidden="true" className="size-4" />
            <span className="sr-only">Back from </span>
            {pageTitles[page]}
          </Button>
        ) : (
          <Search aria-hidden="true" className="size-4 shrink-0 text-muted" />
        )}
        <Command.Input
          value={query}
          onValueChange={setQuery}
          ref={inputRef}
          placeholder={page ? 'Type to narrow…' : 'Search keys, servers, tools, clients, or an action…'}
          // Opening, the dialog focuses it (and remembers what had focus); an action's list takes it here.
          autoFocus={page !== null}
          spellCheck={false}
          // The caret in the palette's only field is focus enough; the global ring would box it in.
          style={{ outline: 'none' }}
          className="h-12 min-w-0 flex-1 bg-transparent text-[15px] text-fg placeholder:text-muted"
        />
        <kbd className="rounded border border-border bg-surface px-1.5 font-sans text-[11px] text-muted">Esc</kbd>
      </div>
      <PaletteList groups={groups} onPick={pick} empty={empty} />
      <Problems problems={problems} />
      <Footer page={page} loading={loading} count={count} />
    </Command>
  );
}

function Problems({ problems }: { problems: Problem[] }) {
  if (!problems.length) return null;
  return (
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
  );
}

function Footer({ page, loading, count }: { page: PalettePage | null; loading: boolean; count: number }) {
  return (
    <div className="flex items-center gap-3 border-t border-border bg-surface px-3 py-1.5 text-[12px] text-muted">
      <span>
        <Kbd>↑</Kbd> <Kbd>↓</Kbd> to move
      </span>
      <span>
        <Kbd>Enter</Kbd> to open
      </span>
      <span>{page ? <><Kbd>Esc</Kbd> to go back</> : <><Kbd>Esc</Kbd> to close</>}</span>
      <span className="ml-auto" aria-live="polite">
        {loading && count > 0 ? 'Loading more…' : `${count} ${count === 1 ? 'result' : 'results'}`}
      </span>
    </div>
  );
}

function Kbd({ children }: { children: string }) {
  return <kbd className="rounded border border-border bg-bg px-1 font-sans text-[11px]">{children}</kbd>;
}
