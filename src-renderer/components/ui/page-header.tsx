import type { ReactNode } from 'react';

/** The title row of a screen: h1, one line of explanation, actions on the right. */
export function PageHeader({ title, description, actions }: { title: string; description: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mb-4 flex items-end justify-between gap-4">
      <div className="min-w-0">
        <h1 className="text-lg font-semibold tracking-tight">{title}</h1>
        <p className="text-[13px] text-muted">{description}</p>
      </div>
      {actions ? <div className="flex shrink-0 items-center gap-2">{actions}</div> : null}
    </div>
  );
}

/** The title row of a section inside a screen: h2 (named by `id`), its explanation, actions on the right. */
export function SectionHeader({ id, title, children, actions }: { id: string; title: string; children: ReactNode; actions?: ReactNode }) {
  const heading = (
    <div>
      <h2 id={id} className="text-[15px] font-semibold">
        {title}
      </h2>
      <p className="text-[13px] text-muted">{children}</p>
    </div>
  );
  if (!actions) return <div className="mb-3">{heading}</div>;
  return (
    <div className="mb-3 flex items-end justify-between gap-4">
      {heading}
      {actions}
    </div>
  );
}
