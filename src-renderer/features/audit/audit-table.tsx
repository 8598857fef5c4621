import { useMemo } from 'react';
import { getCoreRowModel, useReactTable, type Table } from '@tanstack/react-table';
import type { AuditEntry } from '../../../src-preload/contract';
import { VirtualTable } from '../../components/ui/virtual-table';
import { auditColumns } from './audit-columns';

export function useAuditTable(rows: AuditEntry[], now: number): Table<AuditEntry> {
  const columns = useMemo(() => auditColumns(now), [now]);
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

/** Only the rows in view are rendered; each opens its event's details (click, or Enter; j/k move). */
export function AuditTable({
  table,
  onOpen,
  onNearEnd,
  resetKey,
}: {
  table: Table<AuditEntry>;
  onOpen: (e: AuditEntry) => void;
  onNearEnd: () => void;
  resetKey: string;
}) {
  return (
    <VirtualTable
      table={table}
      caption="Audit events, newest first. Enter opens an event."
      rowHeight={AUDIT_ROW_HEIGHT}
      cellClassName="h-9"
      onNearEnd={onNearEnd}
      resetKey={resetKey}
      onRowOpen={(row) => onOpen(row.original)}
    />
  );
}
