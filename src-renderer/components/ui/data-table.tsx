import { flexRender, type Table } from '@tanstack/react-table';
import { cn } from '../../lib/cn';
import { SortHeader } from './sort-header';

/** A TanStack table in the house look: sortable headers, one row per record. */
export function DataTable<T>({
  table,
  caption,
  label,
  cellClassName,
}: {
  table: Table<T>;
  /** Visually hidden caption; or name the table with `label`. */
  caption?: string;
  label?: string;
  /** Height (and padding) of the body cells. */
  cellClassName: string;
}) {
  return (
    <div className="overflow-x-auto rounded-lg border border-border">
      <table className="w-full text-sm" aria-label={label}>
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
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} className="border-b border-border last:border-b-0 hover:bg-surface">
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id} className={cn('px-3 whitespace-nowrap', cellClassName)}>
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
