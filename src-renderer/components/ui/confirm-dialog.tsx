import type { ReactNode } from 'react';
import { Dialog, DialogForm } from './dialog';

/** Asks before something that cannot be taken back, with the consequence in words. */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  pendingLabel,
  tone = 'danger',
  pending,
  confirmDisabled = false,
  autoFocusCancel = true,
  error,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  tone?: 'danger' | 'primary';
  pending: boolean;
  /** Not yet confirmable (e.g. a name still to be typed). */
  confirmDisabled?: boolean;
  /** Cancel takes the focus when the dialog opens; turn off when a field inside should. */
  autoFocusCancel?: boolean;
  error: unknown;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Dialog open={open} onClose={onClose} title={title} width="max-w-md">
      <DialogForm
        onSubmit={onConfirm}
        bodyClassName="space-y-3 text-sm"
        error={error}
        onCancel={onClose}
        autoFocusCancel={autoFocusCancel}
        variant={tone}
        pending={pending}
        disabled={confirmDisabled}
        label={confirmLabel}
        pendingLabel={pendingLabel}
      >
        {children}
      </DialogForm>
    </Dialog>
  );
}
