import { useMemo } from 'react';
import { createColumnHelper, getCoreRowModel, useReactTable, type Table } from '@tanstack/react-table';
import type { AuditEntry } from '../../../src-preload/contract';
import { RelativeTime } from '../../components/ui/relative-time';
import { VirtualTable } from '../../components/ui/virtual-table';
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
  const columns = useMemo(
    () => [
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
    // Newest first, as the server pages them: sorting the pages loaded so far would mislead.
    enableSorting: false,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (e) => String(e.id),
  });
}

/** Height of a row in px (h-9): fixed, so only the rows in view are rendered. */
const AUDIT_ROW_HEIGHT = 36;

export function AuditTable({ table, onNearEnd, resetKey }: { table: Table<AuditEntry>; onNearEnd: () => void; resetKey: string }) {
  return (
    <VirtualTable
      table={table}
      caption="Audit events, newest first"
      rowHeight={AUDIT_ROW_HEIGHT}
      cellClassName="h-9"
      onNearEnd={onNearEnd}
      resetKey={resetKey}
    />
  );
}
