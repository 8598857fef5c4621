import type { ReactNode } from 'react';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Dialog, DialogBody, DialogFooter } from '../../components/ui/dialog';
import { errorMessage } from '../../lib/api';

/** Asks before something that cannot be taken back, with the consequence in words. */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  pendingLabel,
  tone = 'danger',
  pending,
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
          {error ? (
            <Alert tone="danger" live>
              {errorMessage(error)}
            </Alert>
          ) : null}
        </DialogBody>
        <DialogFooter>
          <Button onClick={onClose} autoFocus>
            Cancel
          </Button>
          <Button type="submit" variant={tone} disabled={pending}>
            {pending ? pendingLabel : confirmLabel}
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}
