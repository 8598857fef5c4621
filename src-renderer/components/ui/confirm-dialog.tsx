import type { ReactNode } from 'react';
import { ErrorAlert } from './alert';
import { Dialog, DialogBody, SubmitFooter } from './dialog';

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
    <Dialog open={open} onOpenChange={(o) => (o ? undefined : onClose())} title={title} width="max-w-md">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onConfirm();
        }}
      >
        <DialogBody className="space-y-3 text-sm">
          {children}
          <ErrorAlert error={error} />
        </DialogBody>
        <SubmitFooter
          onCancel={onClose}
          autoFocusCancel={autoFocusCancel}
          variant={tone}
          pending={pending}
          disabled={confirmDisabled}
          label={confirmLabel}
          pendingLabel={pendingLabel}
        />
      </form>
    </Dialog>
  );
}
