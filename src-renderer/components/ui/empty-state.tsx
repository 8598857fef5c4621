import type { ReactNode } from 'react';
import type { LucideIcon } from 'lucide-react';

/** What an empty list says: what goes here and the button that puts it there. */
export function EmptyState({
  icon: Icon,
  title,
  children,
  actions,
}: {
  icon: LucideIcon;
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="flex flex-col items-center rounded-lg border border-dashed border-border-strong px-6 py-12 text-center">
      <Icon aria-hidden="true" className="mb-3 size-7 text-muted" />
      <h2 className="text-[15px] font-semibold">{title}</h2>
      <div className="mt-1 max-w-md text-sm text-muted">{children}</div>
      {actions ? <div className="mt-4 flex flex-wrap justify-center gap-2">{actions}</div> : null}
    </div>
  );
}
