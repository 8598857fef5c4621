import type { ReactNode } from 'react';
import { cn } from '../../lib/cn';

export interface PlainColumn {
  label: string;
  /** Extra classes of the header cell (padding, width, alignment). */
  className?: string;
  /** Named for screen readers only (an actions column). */
  hidden?: boolean;
}

/** A small table inside a card: a muted header row, then the caller's rows (no sorting). */
export function PlainTable({
  label,
  columns,
  headClassName,
  children,
}: {
  label?: string;
  columns: PlainColumn[];
  /** Extra classes of the header row. */
  headClassName?: string;
  children: ReactNode;
}) {
  return (
    <table className="w-full text-sm" aria-label={label}>
      <thead>
        <tr className={cn('border-b border-border text-left text-xs text-muted', headClassName)}>
          {columns.map((c) => (
            <th key={c.label} scope="col" className={cn('h-8 font-medium', c.className ?? 'px-3')}>
              {c.hidden ? <span className="sr-only">{c.label}</span> : c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
