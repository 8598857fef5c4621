import { Dialog } from '../../components/ui/dialog';
import { useDialogMutation } from '../../lib/use-dialog-mutation';
import { KeyForm } from './key-form/key-form';
import { toCreateInput } from './key-form/key-input';
import { emptyForm } from './key-form/state';
import { NewKeySecretDialog } from './new-key-secret';
import { useApiMutation } from '../../lib/use-api-mutation';

export function CreateKeyDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const create = useApiMutation('keys.create');
  // Drop the secret with the dialog: the mutation result is the only place it lived.
  const { close, pending, error } = useDialogMutation(create, () => onOpenChange(false));
  const created = create.data ?? null;

  if (created) {
    return (
      <NewKeySecretDialog
        title="Your new API key"
        secret={created.secret}
        intro={`“${created.key.name}” is ready. Give it to the app that needs it, for example as GATEHOUSE_API_KEY.`}
        onClose={close}
      />
    );
  }
  return (
    <Dialog open={open} onClose={close} title="Create API key" description="Choose what the key may call, how often, and for how long." width="max-w-2xl">
      <KeyForm
        initial={() => emptyForm()}
        keepExpiry={null}
        submitLabel="Create key"
        pendingLabel="Creating…"
        verb="Create"
        pending={pending}
        error={error}
        onSubmit={(s) => create.mutate(toCreateInput(s))}
        onCancel={close}
      />
    </Dialog>
  );
}
