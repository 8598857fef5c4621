// Radix Dialog with the house look: traps focus, closes on Esc, returns focus to
// the button that opened it.
import * as RadixDialog from '@radix-ui/react-dialog';
import type { ReactNode } from 'react';
import { X } from 'lucide-react';
import { cn } from '../../lib/cn';
import { ErrorAlert } from './alert';
import { Button } from './button';

export interface DialogProps {
  open: boolean;
  /** Esc, the close button or a click outside: the caller decides what closing forgets. */
  onClose: () => void;
  title: ReactNode;
  description?: ReactNode;
  children: ReactNode;
  /** Tailwind width class; default `max-w-lg`. */
  width?: string;
  /** Keep the dialog open on a click outside it (e.g. while a secret is on screen). */
  modalLocked?: boolean;
  /**
   * The body lays out as a column instead of scrolling as a whole: a part marked
   * `min-h-0` (a diff) takes the height the window has and scrolls alone.
   */
  fill?: boolean;
}

export function Dialog({ open, onClose, title, description, children, width = 'max-w-lg', modalLocked, fill }: DialogProps) {
  return (
    <RadixDialog.Root open={open} onOpenChange={(next) => (next ? undefined : onClose())}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-overlay" />
        <RadixDialog.Content
          // Without a description, say so explicitly (Radix warns otherwise).
          {...(description ? {} : { 'aria-describedby': undefined })}
          onInteractOutside={modalLocked ? (e) => e.preventDefault() : undefined}
          className={cn(
            'fixed top-1/2 left-1/2 z-50 flex max-h-[calc(100vh-48px)] w-[calc(100vw-32px)] -translate-x-1/2 -translate-y-1/2 flex-col rounded-lg border border-border bg-bg shadow-xl',
            width,
          )}
        >
          <div className="flex items-start justify-between gap-4 border-b border-border px-5 py-3.5">
            <div className="min-w-0">
              <RadixDialog.Title className="text-[15px] font-semibold">{title}</RadixDialog.Title>
              {description ? (
                <RadixDialog.Description className="mt-0.5 text-[13px] text-muted">{description}</RadixDialog.Description>
              ) : null}
            </div>
            <RadixDialog.Close
              aria-label="Close"
              className="-mr-1 rounded p-1 text-muted hover:bg-surface-2 hover:text-fg"
            >
              <X aria-hidden="true" className="size-4" />
            </RadixDialog.Close>
          </div>
          <div className={fill ? 'flex min-h-0 flex-col overflow-hidden' : 'min-h-0 overflow-y-auto'}>{children}</div>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

export function DialogBody({ children, className }: { children: ReactNode; className?: string }) {
  return <div className={cn('px-5 py-4', className)}>{children}</div>;
}

export function DialogFooter({ children }: { children: ReactNode }) {
  return (
    <div className="sticky bottom-0 flex items-center justify-end gap-2 border-t border-border bg-surface px-5 py-3">{children}</div>
  );
}

export interface SubmitFooterProps {
  onCancel: () => void;
  pending: boolean;
  label: string;
  pendingLabel: string;
  /** Disabled for another reason than `pending`. */
  disabled?: boolean;
  variant?: 'primary' | 'danger';
  autoFocusCancel?: boolean;
}

/** The footer of a dialog form: Cancel, and the submit button that says so while it works. */
export function SubmitFooter({
  onCancel,
  pending,
  label,
  pendingLabel,
  disabled = false,
  variant = 'primary',
  autoFocusCancel = false,
}: SubmitFooterProps) {
  return (
    <DialogFooter>
      <Button onClick={onCancel} autoFocus={autoFocusCancel || undefined}>
        Cancel
      </Button>
      <Button type="submit" variant={variant} disabled={pending || disabled}>
        {pending ? pendingLabel : label}
      </Button>
    </DialogFooter>
  );
}

/**
 * A dialog's form: the fields, what just failed, then Cancel and submit. Validation is
 * the form's own (zod), never the browser's.
 */
export function DialogForm({
  onSubmit,
  bodyClassName,
  error,
  children,
  ...footer
}: SubmitFooterProps & {
  onSubmit: () => void | Promise<void>;
  bodyClassName?: string;
  error: unknown;
  children: ReactNode;
}) {
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void onSubmit();
      }}
    >
      <DialogBody className={bodyClassName}>
        {children}
        <ErrorAlert error={error} />
      </DialogBody>
      <SubmitFooter {...footer} />
    </form>
  );
}

/** What a form shown inside a dialog is given by the dialog that runs its mutation. */
export interface DialogFormProps<V> {
  onSubmit: (values: V) => void;
  onCancel: () => void;
  pending: boolean;
  error: unknown;
}
