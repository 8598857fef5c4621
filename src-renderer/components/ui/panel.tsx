import type { ReactNode } from 'react';
import { cn } from '../../lib/cn';

/**
 * A titled card of a screen (an overview panel, a settings section): its title, what it
 * is for, a link or button at the top right, then its body.
 */
export function Panel({
  id,
  title,
  description,
  action,
  className,
  children,
}: {
  id: string;
  title: string;
  description?: ReactNode;
  action?: ReactNode;
  /** Where it sits in a grid, e.g. `lg:col-span-2`. */
  className?: string;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={id} className={cn('rounded-lg border border-border bg-bg', className)}>
      <header className="flex items-center justify-between gap-3 border-b border-border px-4 py-3">
        <div className="min-w-0">
          <h2 id={id} className="text-[15px] font-semibold">
            {title}
          </h2>
          {description ? <p className="text-[13px] text-muted">{description}</p> : null}
        </div>
        {action}
      </header>
      <div className="px-4 py-3">{children}</div>
    </section>
  );
}
