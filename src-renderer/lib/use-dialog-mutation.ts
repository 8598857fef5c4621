import type { UseMutationResult } from '@tanstack/react-query';

/**
 * A mutation that a dialog runs. Closing the dialog forgets the mutation's last result
 * and error (a secret it returned goes with it); `run` closes the dialog once it succeeds.
 */
export function useDialogMutation<TData, TVariables, TContext>(
  mutation: UseMutationResult<TData, Error, TVariables, TContext>,
  onClose: () => void,
) {
  function close() {
    mutation.reset();
    onClose();
  }
  return {
    close,
    run: (variables: TVariables) => mutation.mutate(variables, { onSuccess: close }),
    pending: mutation.isPending,
    error: mutation.error,
    /** What a ConfirmDialog needs from it. */
    confirm: { pending: mutation.isPending, error: mutation.error, onClose: close },
  };
}
