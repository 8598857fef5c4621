import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Dialog, DialogForm } from '../../components/ui/dialog';
import { useDialogMutation } from '../../lib/use-dialog-mutation';
import { addServerDefaults, addServerFormSchema, toAddInput, type AddServerFormValues } from './add-server-schema';
import { ServerFields } from './server-fields';
import { useApiMutation } from '../../lib/use-api-mutation';

export function AddServerDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const {
    register,
    control,
    handleSubmit,
    watch,
    reset,
    formState: { errors },
  } = useForm<AddServerFormValues>({ resolver: zodResolver(addServerFormSchema), defaultValues: addServerDefaults });
  const add = useDialogMutation(useApiMutation('servers.add'), () => {
    // Typed secrets go with the dialog.
    reset(addServerDefaults);
    onOpenChange(false);
  });

  return (
    <Dialog
      open={open}
      onClose={add.close}
      title="Add server"
      description="An MCP server Gatehouse starts (stdio) or reaches (HTTP) on behalf of your keys."
      width="max-w-2xl"
    >
      <DialogForm
        onSubmit={handleSubmit((v) => add.run(toAddInput(v)))}
        bodyClassName="space-y-5"
        error={add.error}
        onCancel={add.close}
        pending={add.pending}
        label="Add server"
        pendingLabel="Adding…"
      >
        <ServerFields control={control} register={register} errors={errors} transport={watch('transport')} />
      </DialogForm>
    </Dialog>
  );
}
