import { useMemo, useState } from 'react';
import {
  createColumnHelper,
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type SortingState,
} from '@tanstack/react-table';
import { RotateCw, Ban } from 'lucide-react';
import type { KeySummary } from '../../../src-preload/contract';
import { Button } from '../../components/ui/button';
import { DataTable } from '../../components/ui/data-table';
import { RelativeTime } from '../../components/ui/relative-time';
import { useNow } from '../../lib/use-now';
import { KeyStatusBadge, isLive } from './key-status-badge';

export interface KeyActions {
  onDetails: (k: KeySummary) => void;
  onRotate: (k: KeySummary) => void;
  onRevoke: (k: KeySummary) => void;
}

const col = createColumnHelper<KeySummary>();

// Sorting by time uses the timestamp; "never" sorts after every date.
function timeOf(iso: string | null): number {
  return iso ? new Date(iso).getTime() : Number.POSITIVE_INFINITY;
}

export function KeysTable({ keys, actions }: { keys: KeySummary[]; actions: KeyActions }) {
  const now = useNow();
  const [sorting, setSorting] = useState<SortingState>([{ id: 'createdAt', desc: true }]);

  const columns = useMemo(
    () => [
      col.accessor('name', {
        header: 'Name',
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
        cell: (c) => <span className="font-mono text-[13px] text-muted">{c.getValue()}…</span>,
      }),
      col.accessor('status', {
        header: 'Status',
        cell: (c) => <KeyStatusBadge keySummary={c.row.original} now={now} />,
      }),
      col.accessor((k) => timeOf(k.createdAt), {
        id: 'createdAt',
        header: 'Created',
        cell: (c) => <RelativeTime iso={c.row.original.createdAt} now={now} />,
      }),
      col.accessor((k) => timeOf(k.expiresAt), {
        id: 'expiresAt',
        header: 'Expires',
        cell: (c) => {
          const k = c.row.original;
          if (!k.expiresAt) return <span className="text-muted">Never</span>;
          const past = new Date(k.expiresAt).getTime() <= now;
          return <RelativeTime iso={k.expiresAt} now={now} prefix={past ? 'expired' : 'expires'} />;
        },
      }),
      col.accessor((k) => (k.lastUsedAt ? new Date(k.lastUsedAt).getTime() : -1), {
        id: 'lastUsedAt',
        header: 'Last used',
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

  const table = useReactTable({
    data: keys,
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getRowId: (k) => k.id,
  });

  // Enter on a row (j/k to move) opens the key's details, as a click on its name does.
  return <DataTable table={table} cellClassName="h-10" onRowOpen={(row) => actions.onDetails(row.original)} />;
}
