import { useCallback, useDeferredValue, useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { KeyRound, Plus } from 'lucide-react';
import type { KeySummary } from '../../../src-preload/contract';
import type { KeySort } from '../../../src-preload/contract-lists';
import { Button } from '../../components/ui/button';
import { EmptyState } from '../../components/ui/empty-state';
import { SearchField } from '../../components/ui/search-field';
import { Loading, LoadError } from '../../components/ui/load-error';
import { PageHeader } from '../../components/ui/page-header';
import { errorMessage } from '../../lib/api';
import { useLinkedSearch } from '../../lib/use-linked-search';
import { CreateKeyDialog } from './create-key-dialog';
import { EditKeyDialog } from './edit-key-dialog';
import { KeyDetailsDialog } from './key-details-dialog';
import type { KeyAction } from './keys-search';
import { KeysTable, type KeyActions } from './keys-table';
import { RevokeKeyDialog } from './revoke-key-dialog';
import { RotateKeyDialog } from './rotate-key-dialog';
import { flattenKeys, useKeyPages, useKeysByIds } from './use-keys';

type Open = { action: KeyAction; key: KeySummary } | null;

/**
 * A link (#/keys?key=…&open=rotate, or ?open=create) opens its dialog once the key is
 * there: read by id, since it need not be on the pages loaded so far.
 */
function useLinkedDialog(setOpen: (o: Open) => void, setCreating: (c: boolean) => void) {
  const search = useSearch({ from: '/keys' });
  const navigate = useNavigate({ from: '/keys' });
  const clear = useCallback(() => void navigate({ search: {}, replace: true }), [navigate]);
  const { linked, handled } = useLinkedSearch(search, clear);
  const linkedKey = useKeysByIds(linked?.key ? [linked.key] : []);
  useEffect(() => {
    if (!linked?.open) return;
    if (linked.open === 'create') {
      setCreating(true);
      return handled();
    }
    if (linkedKey.isPending || linkedKey.isPlaceholderData) return;
    const key = linkedKey.data?.find((k) => k.id === linked.key);
    if (key) setOpen({ action: linked.open, key });
    handled();
  }, [linked, linkedKey.data, linkedKey.isPending, linkedKey.isPlaceholderData, setOpen, setCreating, handled]);
}

export function KeysPage() {
  const [searchText, setSearchText] = useState('');
  const search = useDeferredValue(searchText.trim());
  const [sort, setSort] = useState<KeySort>('newest');
  // A search reads the name index: by name (either way), whatever the table was sorted by.
  const effectiveSort: KeySort = search && sort !== 'name' && sort !== 'name_desc' ? 'name' : sort;
  const keys = useKeyPages({ search: search || undefined, sort: effectiveSort });
  const rows = useMemo(() => flattenKeys(keys.data?.pages), [keys.data]);
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<Open>(null);
  useLinkedDialog(setOpen, setCreating);
  const actions = useMemo<KeyActions>(
    () => ({
      onDetails: (key) => setOpen({ action: 'details', key }),
      onRotate: (key) => setOpen({ action: 'rotate', key }),
      onRevoke: (key) => setOpen({ action: 'revoke', key }),
    }),
    [],
  );
  const target = (action: KeyAction) => (open?.action === action ? open.key : null);
  const close = () => setOpen(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = keys;
  const more = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const noKeysAtAll = !search && keys.isSuccess && rows.length === 0;
  const createButton = (
    <Button variant="primary" onClick={() => setCreating(true)}>
      <Plus aria-hidden="true" className="size-4" />
      Create key
    </Button>
  );

  return (
    <div className="mx-auto max-w-6xl px-6 py-5">
      <PageHeader
        title="API keys"
        description="Keys for MCP client apps. Each key may call only the tools its rules allow."
        actions={noKeysAtAll ? undefined : createButton}
      />

      {noKeysAtAll ? (
        <EmptyState icon={KeyRound} title="No API keys yet" actions={createButton}>
          An API key lets an MCP client app such as Claude Desktop call the tools you allow, through Gatehouse. Create
          one, then give it to the app.
        </EmptyState>
      ) : (
        <div className="space-y-3">
          <div role="search" className="flex items-center gap-2">
            <SearchField id="key-search" label="Find keys by name" className="w-72" placeholder="Find keys by name…" value={searchText} onChange={setSearchText} icon />
            {search ? <span className="text-[13px] text-muted">Names starting with “{search}”, by name</span> : null}
          </div>
          {keys.isPending ? (
            <Loading>Loading keys…</Loading>
          ) : keys.isError && !keys.isFetchNextPageError ? (
            <LoadError what="The keys" error={keys.error} onRetry={() => void keys.refetch()} />
          ) : rows.length === 0 ? (
            <p className="py-6 text-center text-sm text-muted">No key name starts with “{search}”.</p>
          ) : (
            <>
              <KeysTable keys={rows} actions={actions} sort={effectiveSort} onSort={setSort} onNearEnd={more} resetKey={`${search}\n${effectiveSort}`} />
              <p className="flex items-center justify-between text-[13px] text-muted" aria-live="polite">
                <span>
                  {rows.length.toLocaleString()} {rows.length === 1 ? 'key' : 'keys'} loaded{hasNextPage ? '; more load as you scroll' : ''}
                </span>
                {keys.isFetchNextPageError ? <span className="text-danger">More keys could not be loaded: {errorMessage(keys.error)}</span> : null}
                {hasNextPage ? (
                  <Button size="sm" onClick={more} disabled={isFetchingNextPage}>
                    {isFetchingNextPage ? 'Loading…' : 'Load more'}
                  </Button>
                ) : null}
              </p>
            </>
          )}
        </div>
      )}

      <CreateKeyDialog open={creating} onOpenChange={setCreating} />
      <RotateKeyDialog target={target('rotate')} onClose={close} />
      <RevokeKeyDialog target={target('revoke')} onClose={close} />
      <KeyDetailsDialog target={target('details')} onClose={close} onEdit={(key) => setOpen({ action: 'edit', key })} />
      <EditKeyDialog target={target('edit')} onClose={close} />
    </div>
  );
}
