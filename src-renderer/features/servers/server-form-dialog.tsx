// The dialog around a server's fields, for Add and Edit alike: one form, one schema.
import { useForm, type UseFormReturn } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Dialog, DialogForm } from '../../components/ui/dialog';
import { addServerFormSchema, type AddServerFormValues } from './add-server-schema';
import { ServerFields } from './server-fields';

export function useServerForm(defaultValues: AddServerFormValues | undefined) {
  return useForm<AddServerFormValues>({ resolver: zodResolver(addServerFormSchema), defaultValues });
}

export function ServerFormDialog({
  form,
  open,
  title,
  description,
  mutation,
  onSubmit,
  label,
  pendingLabel,
  nameFixed,
  storedSecrets,
}: {
  form: UseFormReturn<AddServerFormValues>;
  open: boolean;
  title: string;
  description: string;
  /** The dialog's mutation (useDialogMutation): its close, error and pending state. */
  mutation: { close: () => void; error: Error | null; pending: boolean };
  onSubmit: (values: AddServerFormValues) => void;
  label: string;
  pendingLabel: string;
  nameFixed?: boolean;
  storedSecrets?: string[];
}) {
  return (
    <Dialog open={open} onClose={mutation.close} title={title} description={description} width="max-w-2xl">
      <DialogForm
        onSubmit={form.handleSubmit(onSubmit)}
        bodyClassName="space-y-5"
        error={mutation.error}
        onCancel={mutation.close}
        pending={mutation.pending}
        label={label}
        pendingLabel={pendingLabel}
      >
        <ServerFields
          control={form.control}
          register={form.register}
          errors={form.formState.errors}
          transport={form.watch('transport')}
          nameFixed={nameFixed}
          storedSecrets={storedSecrets}
        />
      </DialogForm>
    </Dialog>
  );
}
