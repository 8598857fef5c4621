import type { ReactNode } from 'react';
import { AlertTriangle, CircleAlert, Info } from 'lucide-react';
import { errorMessage } from '../../lib/api';
import { cn } from '../../lib/cn';

type Tone = 'warning' | 'danger' | 'info';

const tones: Record<Tone, string> = {
  warning: 'bg-warn-bg border-warn-border text-warn-fg',
  danger: 'bg-danger-bg border-danger-border text-danger',
  info: 'bg-surface border-border text-fg',
};

const icons: Record<Tone, typeof Info> = { warning: AlertTriangle, danger: CircleAlert, info: Info };

/** A plain message box. `role="alert"` only for what just went wrong. */
export function Alert({
  tone = 'warning',
  children,
  className,
  live = false,
  action,
}: {
  tone?: Tone;
  children: ReactNode;
  className?: string;
  live?: boolean;
  action?: ReactNode;
}) {
  const Icon = icons[tone];
  return (
    <div
      role={live ? 'alert' : undefined}
      className={cn('flex items-start gap-2 rounded-md border px-3 py-2 text-[13px]', tones[tone], className)}
    >
      <Icon aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
      <div className="min-w-0 flex-1">{children}</div>
      {action}
    </div>
  );
}

/**
 * What just failed, in a live danger alert; nothing when `error` is empty. A string is
 * shown as it is; `lead` says first what did not happen ("The change was not saved.").
 */
export function ErrorAlert({ error, lead, className }: { error: unknown; lead?: string; className?: string }) {
  if (!error) return null;
  return (
    <Alert tone="danger" live className={className}>
      {lead ? `${lead} ` : null}
      {typeof error === 'string' ? error : errorMessage(error)}
    </Alert>
  );
}
