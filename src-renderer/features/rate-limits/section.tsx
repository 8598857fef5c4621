import type { ReactNode } from 'react';

export function Section({ title, description, children, id }: { title: string; description: ReactNode; children: ReactNode; id: string }) {
  return (
    <section aria-labelledby={id} className="rounded-lg border border-border bg-bg">
      <header className="border-b border-border px-4 py-3">
        <h2 id={id} className="text-[15px] font-semibold">
          {title}
        </h2>
        <p className="text-[13px] text-muted">{description}</p>
      </header>
      <div className="px-4 py-3">{children}</div>
    </section>
  );
}
