import { flexRender, type Header } from '@tanstack/react-table';
import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react';
import { cn } from '../../lib/cn';

/** A `<th>` that sorts its column from a button (keyboard too) and says so in aria-sort. */
export function SortHeader<T>({ header: h, className }: { header: Header<T, unknown>; className?: string }) {
  const sorted = h.column.getIsSorted();
  const canSort = h.column.getCanSort();
  return (
    <th
      scope="col"
      aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : canSort ? 'none' : undefined}
      className={cn('h-9 px-3 text-left text-xs font-medium whitespace-nowrap text-muted', className)}
    >
      {canSort ? (
        <button
          type="button"
          onClick={h.column.getToggleSortingHandler()}
          className="-mx-1 inline-flex cursor-pointer items-center gap-1 rounded px-1 hover:text-fg"
        >
          {flexRender(h.column.columnDef.header, h.getContext())}
          {sorted === 'asc' ? (
            <ArrowUp aria-hidden="true" className="size-3" />
          ) : sorted === 'desc' ? (
            <ArrowDown aria-hidden="true" className="size-3" />
          ) : (
            <ArrowUpDown aria-hidden="true" className="size-3 opacity-50" />
          )}
        </button>
      ) : (
        flexRender(h.column.columnDef.header, h.getContext())
      )}
    </th>
  );
}
