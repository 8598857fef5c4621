import type { CSSProperties } from 'react';
import { flexRender, type Row, type Table } from '@tanstack/react-table';
import { cn } from '../../lib/cn';
import { SortHeader } from './sort-header';
import { fromControl, useRowKeys } from './use-row-keys';

/**
 * A TanStack table in the house look: sortable headers, one row per record. With
 * `onRowOpen`, rows open on click and from the keyboard: j/k or ↓/↑ move, Enter opens.
 */
export function DataTable<T>({
  table,
  caption,
  label,
  cellClassName,
  onRowOpen,
}: {
  table: Table<T>;
  /** Visually hidden caption; or name the table with `label`. */
  caption?: string;
  label?: string;
  /** Height (and padding) of the body cells. */
  cellClassName: string;
  onRowOpen?: (row: Row<T>) => void;
}) {
  const nav = useRowKeys(onRowOpen !== undefined);
  return (
    // relative: absolutely placed descendants (screen-reader text) are clipped here, not by the page.
    <div className="relative overflow-x-auto rounded-lg border border-border">
      <table ref={nav.ref} className="w-full text-sm" aria-label={label} data-row-nav={onRowOpen ? '' : undefined} onKeyDown={nav.onKeyDown}>
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        <thead className="bg-surface">
          {table.getHeaderGroups().map((hg) => (
            <tr key={hg.id} className="border-b border-border">
              {hg.headers.map((h) => (
                <SortHeader key={h.id} header={h} />
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row, i) => (
            <BodyRow key={row.id} row={row} first={i === 0} onRowOpen={onRowOpen} cellClassName={cellClassName} className="last:border-b-0" />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * One body row of a table (DataTable, VirtualTable). With `onRowOpen` it opens on a click
 * (not on a click of a control inside it) and is a row j/k and the arrows move between.
 */
export function BodyRow<T>({
  row,
  first,
  onRowOpen,
  cellClassName,
  className,
  style,
  rowIndex,
}: {
  row: Row<T>;
  /** The first rendered row: the table's one tab stop. */
  first: boolean;
  onRowOpen: ((row: Row<T>) => void) | undefined;
  cellClassName: string | undefined;
  className?: string;
  style?: CSSProperties;
  /** aria-rowindex, for a table that renders only some of its rows. */
  rowIndex?: number;
}) {
  return (
    <tr
      aria-rowindex={rowIndex}
      data-row={onRowOpen ? '' : undefined}
      // One tab stop per table (its first rendered row); j/k and the arrows move from there.
      tabIndex={onRowOpen ? (first ? 0 : -1) : undefined}
      onClick={onRowOpen ? (e) => fromControl(e) || onRowOpen(row) : undefined}
      className={cn(
        'border-b border-border hover:bg-surface',
        className,
        onRowOpen && 'cursor-pointer focus-visible:bg-surface-2 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-ring',
      )}
      style={style}
    >
      {row.getVisibleCells().map((cell) => (
        <td key={cell.id} className={cn('px-3 whitespace-nowrap', cellClassName)}>
          {flexRender(cell.column.columnDef.cell, cell.getContext())}
        </td>
      ))}
    </tr>
  );
}
