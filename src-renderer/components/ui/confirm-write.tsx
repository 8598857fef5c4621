import type { ReactNode } from 'react';
import type { UseMutationResult } from '@tanstack/react-query';
import { useDialogMutation } from '../../lib/use-dialog-mutation';
import { ConfirmDialog } from './confirm-dialog';

/**
 * "<Action> “name”?" before one write on one thing (a key, a server, a client): the
 * consequence in words as children, the mutation's pending state and error, closed once done.
 */
export function ConfirmWrite<T extends { name: string }, V>({
  target,
  mutation,
  toInput,
  onClose,
  action,
  confirmLabel,
  pendingLabel,
  tone,
  showsResult = false,
  ready = true,
  autoFocusCancel,
  children,
}: {
  target: T | null;
  mutation: UseMutationResult<unknown, Error, V, unknown>;
  toInput: (target: T) => V;
  onClose: () => void;
  /** What the title asks: Revoke, Remove, Rotate the secret of… */
  action: string;
  confirmLabel: string;
  pendingLabel: string;
  tone?: 'danger' | 'primary';
  /** The caller shows what the write returned (a secret, once): stay open when it succeeds. */
  showsResult?: boolean;
  /** False while something is still to be done first (a name to type). */
  ready?: boolean;
  autoFocusCancel?: boolean;
  children: ReactNode;
}) {
  const { confirm, run } = useDialogMutation(mutation, onClose);
  return (
    <ConfirmDialog
      open={target !== null}
      title={`${action} “${target?.name ?? ''}”?`}
      confirmLabel={confirmLabel}
      pendingLabel={pendingLabel}
      tone={tone}
      {...confirm}
      confirmDisabled={!target || !ready}
      autoFocusCancel={autoFocusCancel}
      onConfirm={() => target && ready && (showsResult ? mutation.mutate(toInput(target)) : run(toInput(target)))}
    >
      {children}
    </ConfirmDialog>
  );
}
