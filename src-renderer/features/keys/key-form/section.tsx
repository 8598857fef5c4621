import type { ReactNode } from 'react';

/** One numbered step of the key form. */
export function Step({ step, title, hint, children }: { step: number; title: ReactNode; hint?: ReactNode; children: ReactNode }) {
  return (
    <fieldset className="min-w-0 space-y-2">
      <legend className="mb-1 flex items-center gap-2 text-[13px] font-semibold">
        <span aria-hidden="true" className="flex size-5 items-center justify-center rounded-full bg-surface-2 text-[11px] text-muted">
          {step}
        </span>
        {title}
      </legend>
      {hint ? <p className="text-[13px] text-muted">{hint}</p> : null}
      {children}
    </fieldset>
  );
}
