import type { ReactNode } from 'react';
import { Check } from 'lucide-react';
import type { FirstRunStatus } from '../../../src-preload/contract';
import { cn } from '../../lib/cn';

export type Step = 1 | 2 | 3 | 4;

/** One numbered step of the first run: done, current (with its content), or to come. */
export function StepCard({ n, title, step, children }: { n: Step; title: ReactNode; step: Step; children?: ReactNode }) {
  const done = step > n;
  const current = step === n;
  return (
    <li
      aria-current={current ? 'step' : undefined}
      className={cn('rounded-lg border bg-bg', current ? 'border-border-strong shadow-sm' : 'border-border')}
    >
      <div className="flex items-center gap-3 px-4 py-3">
        <span
          aria-hidden="true"
          className={cn(
            'flex size-6 shrink-0 items-center justify-center rounded-full text-xs font-semibold',
            done ? 'bg-ok-bg text-ok-fg' : current ? 'bg-accent text-accent-fg' : 'bg-surface-2 text-muted',
          )}
        >
          {done ? <Check className="size-3.5" /> : n}
        </span>
        <h2 className={cn('text-[15px] font-semibold', !current && !done && 'text-muted')}>{title}</h2>
        {done ? <span className="sr-only">(done)</span> : null}
      </div>
      {current && children ? <div className="border-t border-border">{children}</div> : null}
    </li>
  );
}

export function foundTitle(cd: NonNullable<FirstRunStatus['claudeDesktop']>): string {
  const total = cd.servers.length;
  const prot = cd.servers.filter((s) => s.status === 'protected').length;
  const word = total === 1 ? 'server' : 'servers';
  return `Claude Desktop — ${total} ${word}, ${prot === 0 ? 'none' : `${prot} of ${total}`} protected`;
}

