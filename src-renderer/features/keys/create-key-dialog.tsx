import { Dialog } from '../../components/ui/dialog';
import { errorMessage } from '../../lib/api';
import { CreateKeyForm } from './create-key-form';
import { toCreateInput } from './create-key-schema';
import { NewKeySecret } from './new-key-secret';
import { useCreateKey } from './use-keys';

export function CreateKeyDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const create = useCreateKey();
  const secret = create.data?.secret ?? null;

  function close() {
    // Drop the secret with the dialog: the mutation result is the only place it lived.
    create.reset();
    onOpenChange(false);
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => (next ? onOpenChange(true) : close())}
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
          submitting={create.isPending}
          apiError={create.isError ? errorMessage(create.error) : null}
        />
      )}
    </Dialog>
  );
}
