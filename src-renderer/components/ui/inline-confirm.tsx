import type { ReactNode } from 'react';
import { Alert } from './alert';
import { Button } from './button';

/** A question asked in place (say, inside a dialog, not in a second one on top): Cancel, or go ahead. */
export function InlineConfirm({
  children,
  onCancel,
  onConfirm,
  pending = false,
  label,
  pendingLabel = label,
  cancelLabel = 'Cancel',
  variant = 'primary',
}: {
  children: ReactNode;
  onCancel: () => void;
  onConfirm: () => void;
  pending?: boolean;
  label: string;
  pendingLabel?: string;
  /** The way back, when it says more than Cancel ("Choose what it may use"). */
  cancelLabel?: string;
  variant?: 'primary' | 'danger';
}) {
  return (
    <Alert
      tone="warning"
      live
      action={
        <span className="flex gap-2">
          <Button size="sm" onClick={onCancel}>
            {cancelLabel}
          </Button>
          <Button size="sm" variant={variant} disabled={pending} onClick={onConfirm}>
            {pending ? pendingLabel : label}
          </Button>
        </span>
      }
    >
      {children}
    </Alert>
  );
}
