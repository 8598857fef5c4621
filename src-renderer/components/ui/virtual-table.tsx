import { useEffect, useRef } from 'react';
import type { Row, Table } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { SortHeader } from './sort-header';
import { BodyRow } from './data-table';
import { useRowKeys } from './use-row-keys';

/** Rows kept rendered above and below the visible ones, so fast scrolling shows no blank rows. */
const OVERSCAN = 12;
/** Asks for the next page this many rows before the end. */
const NEAR_END = 30;

/**
 * A TanStack table that renders only the rows in view (TanStack Virtual): a list of
 * 100,000 keys costs the DOM what 30 cost. Rows have one fixed height; spacer rows keep
 * the scrollbar true. The header stays on top while the body scrolls in its own region
 * (focusable, so the keyboard scrolls it too). `onNearEnd` asks for the next page.
 * With `onRowOpen`, rows open on click and from the keyboard as in DataTable: j/k or ↓/↑
 * move (the rows just past the view are rendered, so the next one is always there to
 * focus, and focusing it scrolls the next ones in), Enter opens.
 */
export function VirtualTable<T>({
  table,
  caption,
  label,
  rowHeight,
  cellClassName,
  onNearEnd,
  resetKey,
  onRowOpen,
  maxHeight = 'calc(100vh - 15rem)',
}: {
  table: Table<T>;
  /** Visually hidden caption; or name the table with `label`. */
  caption?: string;
  label?: string;
  /** Height of a body row in px (the cells must not wrap). */
  rowHeight: number;
  cellClassName?: string;
  onNearEnd?: () => void;
  /** When it changes (a new search, sort or filter), the table scrolls back to its first row. */
  resetKey?: string;
  onRowOpen?: (row: Row<T>) => void;
  maxHeight?: string;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const nav = useRowKeys(onRowOpen !== undefined);
  const rows = table.getRowModel().rows;
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: OVERSCAN,
  });
  useEffect(() => {
    scroller.current?.scrollTo({ top: 0 });
  }, [resetKey]);
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (onNearEnd && rows.length > 0 && lastIndex >= rows.length - NEAR_END) onNearEnd();
  }, [lastIndex, rows.length, onNearEnd]);

  const columns = table.getVisibleLeafColumns().length;
  const top = items[0]?.start ?? 0;
  const bottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  return (
    <div
      ref={scroller}
      tabIndex={0}
      role="region"
      aria-label={`${label ?? caption ?? 'Table'} (scrolls)`}
      className="overflow-auto rounded-lg border border-border"
      style={{ maxHeight }}
    >
      <table
        ref={nav.ref}
        className="w-full text-sm"
        aria-label={label}
        aria-rowcount={rows.length + 1}
        data-row-nav={onRowOpen ? '' : undefined}
        onKeyDown={nav.onKeyDown}
      >
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        <thead className="sticky top-0 z-10 bg-surface">
          {table.getHeaderGroups().map((hg) => (
            <tr key={hg.id} aria-rowindex={1} className="border-b border-border">
              {hg.headers.map((h) => (
                <SortHeader key={h.id} header={h} />
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {top > 0 ? (
            <tr aria-hidden="true" style={{ height: top }}>
              <td colSpan={columns} />
            </tr>
          ) : null}
          {items.map((item, i) => {
            const row = rows[item.index]!;
            // aria-rowindex counts from 1, and the header row is row 1.
            return <BodyRow key={row.id} row={row} first={i === 0} onRowOpen={onRowOpen} cellClassName={cellClassName} style={{ height: rowHeight }} rowIndex={item.index + 2} />;
          })}
          {bottom > 0 ? (
            <tr aria-hidden="true" style={{ height: bottom }}>
              <td colSpan={columns} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
