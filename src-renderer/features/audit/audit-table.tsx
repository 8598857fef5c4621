import { useMemo, useState } from 'react';
import {
  createColumnHelper,
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type SortingState,
  type Table,
} from '@tanstack/react-table';
import type { AuditEntry } from '../../../src-preload/contract';
import { RelativeTime } from '../../components/ui/relative-time';
import { DataTable } from '../../components/ui/data-table';
import { DecisionBadge } from './decision-badge';

const col = createColumnHelper<AuditEntry>();

function principalOf(e: AuditEntry): string {
  return e.principalName ?? e.principalId ?? e.actor ?? '';
}

/** What was asked: the tool for a call, else the MCP method, else the admin action. */
function whatOf(e: AuditEntry): string {
  return e.tool ?? e.method ?? e.action;
}

function reasonOf(e: AuditEntry): string {
  return [e.reason, e.outcome].filter(Boolean).join(' · ');
}

export function useAuditTable(rows: AuditEntry[], now: number): Table<AuditEntry> {
  const [sorting, setSorting] = useState<SortingState>([{ id: 'ts', desc: true }]);
  const columns = useMemo(
    () => [
      // Ids grow with time, so they sort time exactly (two events can share a millisecond).
      col.accessor('id', {
        id: 'ts',
        header: 'Time',
        cell: (c) => <RelativeTime iso={c.row.original.ts} now={now} />,
      }),
      col.accessor(principalOf, {
        id: 'principal',
        header: 'Principal',
        cell: (c) =>
          c.getValue() ? (
            <span className="block max-w-[12rem] truncate" title={c.row.original.principalId ?? undefined}>
              {c.getValue()}
            </span>
          ) : (
            <span className="text-muted">—</span>
          ),
      }),
      col.accessor((e) => e.server ?? '', {
        id: 'server',
        header: 'Server',
        cell: (c) => (c.getValue() ? <span className="font-mono text-[13px]">{c.getValue()}</span> : <span className="text-muted">—</span>),
      }),
      col.accessor(whatOf, {
        id: 'what',
        header: 'Tool / method',
        cell: (c) => {
          const e = c.row.original;
          return (
            <span className={`block max-w-[16rem] truncate font-mono text-[13px] ${e.tool ? '' : 'text-muted'}`} title={e.method ?? e.action}>
              {c.getValue()}
            </span>
          );
        },
      }),
      col.accessor((e) => e.decision ?? '', {
        id: 'decision',
        header: 'Decision',
        cell: (c) => <DecisionBadge decision={c.row.original.decision} />,
      }),
      col.accessor((e) => e.latencyMs ?? -1, {
        id: 'latency',
        header: 'Latency',
        cell: (c) => {
          const ms = c.row.original.latencyMs;
          return ms === null ? <span className="text-muted">—</span> : <span className="tabular-nums">{ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms</span>;
        },
      }),
      col.accessor(reasonOf, {
        id: 'reason',
        header: 'Reason / outcome',
        cell: (c) => (
          <span className="block max-w-[22rem] truncate text-muted" title={c.getValue() || undefined}>
            {c.getValue() || '—'}
          </span>
        ),
      }),
    ],
    [now],
  );
  return useReactTable({
    data: rows,
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getRowId: (e) => String(e.id),
  });
}

export function AuditTable({ table }: { table: Table<AuditEntry> }) {
  return <DataTable table={table} caption="Audit events, newest first unless sorted otherwise" cellClassName="h-9" />;
}
