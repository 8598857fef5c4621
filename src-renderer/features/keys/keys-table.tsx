import { useMemo } from 'react';
import { createColumnHelper, getCoreRowModel, useReactTable, type OnChangeFn, type SortingState } from '@tanstack/react-table';
import { RotateCw, Ban } from 'lucide-react';
import type { KeySummary } from '../../../src-preload/contract';
import type { KeySort } from '../../../src-preload/contract-lists';
import { Button } from '../../components/ui/button';
import { RelativeTime } from '../../components/ui/relative-time';
import { VirtualTable } from '../../components/ui/virtual-table';
import { useNow } from '../../lib/use-now';
import { KeyStatusBadge, isLive } from './key-status-badge';

export interface KeyActions {
  onDetails: (k: KeySummary) => void;
  onRotate: (k: KeySummary) => void;
  onRevoke: (k: KeySummary) => void;
}

const col = createColumnHelper<KeySummary>();
/** Height of a row in px (h-10): fixed, so the table can render only what is in view. */
export const KEY_ROW_HEIGHT = 40;

/** The server sorts (by name or creation): the table shows its order and asks for another. */
export function sortingOf(sort: KeySort): SortingState {
  if (sort === 'name' || sort === 'name_desc') return [{ id: 'name', desc: sort === 'name_desc' }];
  return [{ id: 'createdAt', desc: sort !== 'oldest' }];
}

export function sortOf(sorting: SortingState): KeySort {
  const s = sorting[0];
  if (s?.id === 'name') return s.desc ? 'name_desc' : 'name';
  if (s?.id === 'createdAt' && !s.desc) return 'oldest';
  return 'newest';
}

export function KeysTable({
  keys,
  actions,
  sort,
  onSort,
  onNearEnd,
  resetKey,
}: {
  keys: KeySummary[];
  actions: KeyActions;
  sort: KeySort;
  onSort: (sort: KeySort) => void;
  onNearEnd: () => void;
  resetKey: string;
}) {
  const now = useNow();

  const columns = useMemo(
    () => [
      col.accessor('name', {
        header: 'Name',
        sortDescFirst: false,
        cell: (c) => (
          <button
            type="button"
            onClick={() => actions.onDetails(c.row.original)}
            className="max-w-[16rem] cursor-pointer truncate text-left font-medium hover:underline"
            title={`Details of ${c.getValue()}`}
          >
            {c.getValue()}
          </button>
        ),
      }),
      col.accessor('prefix', {
        header: 'Prefix',
        enableSorting: false,
        cell: (c) => <span className="font-mono text-[13px] text-muted">{c.getValue()}…</span>,
      }),
      col.accessor('status', {
        header: 'Status',
        enableSorting: false,
        cell: (c) => <KeyStatusBadge keySummary={c.row.original} now={now} />,
      }),
      col.accessor('createdAt', {
        id: 'createdAt',
        header: 'Created',
        sortDescFirst: true,
        cell: (c) => <RelativeTime iso={c.row.original.createdAt} now={now} />,
      }),
      col.accessor('expiresAt', {
        id: 'expiresAt',
        header: 'Expires',
        enableSorting: false,
        cell: (c) => {
          const k = c.row.original;
          if (!k.expiresAt) return <span className="text-muted">Never</span>;
          const past = new Date(k.expiresAt).getTime() <= now;
          return <RelativeTime iso={k.expiresAt} now={now} prefix={past ? 'expired' : 'expires'} />;
        },
      }),
      col.accessor('lastUsedAt', {
        id: 'lastUsedAt',
        header: 'Last used',
        enableSorting: false,
        cell: (c) => {
          const iso = c.row.original.lastUsedAt;
          return iso ? <RelativeTime iso={iso} now={now} /> : <span className="text-muted">Never</span>;
        },
      }),
      col.display({
        id: 'actions',
        header: () => <span className="sr-only">Actions</span>,
        cell: (c) => {
          const k = c.row.original;
          if (!isLive(k)) return null;
          return (
            <div className="flex justify-end gap-1">
              <Button size="sm" variant="ghost" aria-label={`Rotate ${k.name}`} onClick={() => actions.onRotate(k)}>
                <RotateCw aria-hidden="true" className="size-3.5" />
                Rotate
              </Button>
              <Button
                size="sm"
                variant="ghost"
                className="text-danger"
                aria-label={`Revoke ${k.name}`}
                onClick={() => actions.onRevoke(k)}
              >
                <Ban aria-hidden="true" className="size-3.5" />
                Revoke
              </Button>
            </div>
          );
        },
      }),
    ],
    [actions, now],
  );

  const sorting = sortingOf(sort);
  const onSortingChange: OnChangeFn<SortingState> = (updater) => onSort(sortOf(typeof updater === 'function' ? updater(sorting) : updater));
  const table = useReactTable({
    data: keys,
    columns,
    state: { sorting },
    onSortingChange,
    // The server sorts the whole list; sorting the rows loaded so far would mislead.
    manualSorting: true,
    enableSortingRemoval: false,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (k) => k.id,
  });

  // Enter on a row (j/k to move) opens the key's details, as a click on its name does.
  return (
    <VirtualTable
      table={table}
      label="API keys"
      rowHeight={KEY_ROW_HEIGHT}
      cellClassName="h-10"
      onNearEnd={onNearEnd}
      resetKey={resetKey}
      onRowOpen={(row) => actions.onDetails(row.original)}
    />
  );
}
