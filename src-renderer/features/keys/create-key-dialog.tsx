import { Dialog } from '../../components/ui/dialog';
import { useDialogMutation } from '../../lib/use-dialog-mutation';
import { CreateKeyForm } from './create-key-form';
import { toCreateInput } from './create-key-schema';
import { NewKeySecret } from './new-key-secret';
import { useCreateKey } from './use-keys';

export function CreateKeyDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const create = useCreateKey();
  // Drop the secret with the dialog: the mutation result is the only place it lived.
  const { close, pending, error } = useDialogMutation(create, () => onOpenChange(false));
  const secret = create.data?.secret ?? null;

  return (
    <Dialog
      open={open}
      onClose={close}
      title={secret ? 'Your new API key' : 'Create API key'}
      description={secret ? undefined : 'Choose what the key may call, how often, and for how long.'}
      width={secret ? 'max-w-xl' : 'max-w-2xl'}
      modalLocked={secret !== null}
    >
      {secret && create.data ? (
        <NewKeySecret
          secret={secret}
          intro={`“${create.data.key.name}” is ready. Give it to the app that needs it, for example as GATEHOUSE_API_KEY.`}
          onDone={close}
        />
      ) : (
        <CreateKeyForm
          onSubmit={(v) => create.mutate(toCreateInput(v))}
          onCancel={close}
          pending={pending}
          error={error}
        />
      )}
    </Dialog>
  );
}
