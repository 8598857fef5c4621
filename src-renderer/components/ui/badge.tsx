import type { ReactNode } from 'react';
import { cn } from '../../lib/cn';

export type BadgeTone = 'ok' | 'warn' | 'danger' | 'neutral';

const tones: Record<BadgeTone, string> = {
  ok: 'bg-ok-bg text-ok-fg border-ok-border',
  warn: 'bg-warn-bg text-warn-fg border-warn-border',
  danger: 'bg-danger-bg text-danger border-danger-border',
  neutral: 'bg-surface-2 text-muted border-border',
};

export function Badge({ tone, children, title }: { tone: BadgeTone; children: ReactNode; title?: string }) {
  return (
    <span
      title={title}
      className={cn('inline-flex items-center gap-1 rounded-full border px-2 py-px text-xs font-medium whitespace-nowrap', tones[tone])}
    >
      {children}
    </span>
  );
}
