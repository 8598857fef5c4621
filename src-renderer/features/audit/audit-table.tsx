import { useMemo, useState } from 'react';
import { getCoreRowModel, getSortedRowModel, useReactTable, type SortingState, type Table } from '@tanstack/react-table';
import type { AuditEntry } from '../../../src-preload/contract';
import { DataTable } from '../../components/ui/data-table';
import { auditColumns } from './audit-columns';

export function useAuditTable(rows: AuditEntry[], now: number): Table<AuditEntry> {
  const [sorting, setSorting] = useState<SortingState>([{ id: 'ts', desc: true }]);
  const columns = useMemo(() => auditColumns(now), [now]);
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

/** Each row opens its event's details (click, or Enter; j/k move). */
export function AuditTable({ table, onOpen }: { table: Table<AuditEntry>; onOpen: (e: AuditEntry) => void }) {
  return (
    <DataTable
      table={table}
      caption="Audit events, newest first unless sorted otherwise. Enter opens an event."
      cellClassName="h-9"
      onRowOpen={(row) => onOpen(row.original)}
    />
  );
}
