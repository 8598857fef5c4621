// Edit: every field of a server but its name. Env and header values are write-only:
// the rows show the stored names with an empty value, which keeps the stored value;
// typing a value replaces it; removing a row deletes the variable or header.
import { useEffect } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type { ServerSummary } from '../../../src-preload/contract';
import { Dialog, DialogForm } from '../../components/ui/dialog';
import { useDialogMutation } from '../../lib/use-dialog-mutation';
import { addServerFormSchema, toAddInput, type AddServerFormValues } from './add-server-schema';
import { ServerFields } from './server-fields';
import { useApiMutation } from '../../lib/use-api-mutation';

export function formValuesOf(s: ServerSummary): AddServerFormValues {
  const rows = (names: string[]) => names.map((name) => ({ name, value: '' }));
  return {
    transport: s.transport,
    name: s.name,
    command: s.command ?? '',
    args: s.args.join('\n'),
    cwd: s.cwd ?? '',
    env: rows(s.envNames),
    url: s.url ?? '',
    headers: rows(s.headerNames),
  };
}

export function EditServerDialog({ server, onClose }: { server: ServerSummary | null; onClose: () => void }) {
  const {
    register,
    control,
    handleSubmit,
    watch,
    reset,
    formState: { errors },
  } = useForm<AddServerFormValues>({ resolver: zodResolver(addServerFormSchema), defaultValues: server ? formValuesOf(server) : undefined });
  useEffect(() => {
    if (server) reset(formValuesOf(server));
  }, [server, reset]);
  const update = useDialogMutation(useApiMutation('servers.update'), onClose);
  const stored = server ? [...server.envNames, ...server.headerNames] : [];

  return (
    <Dialog
      open={server !== null}
      onClose={update.close}
      title={server ? `Edit ${server.name}` : 'Edit server'}
      description="Protected client configs start the server with these settings from their next start."
      width="max-w-2xl"
    >
      <DialogForm
        onSubmit={handleSubmit((v) => {
          if (server) update.run({ name: server.name, server: { ...toAddInput(v), name: server.name }, keepSecrets: true });
        })}
        bodyClassName="space-y-5"
        error={update.error}
        onCancel={update.close}
        pending={update.pending}
        label="Save"
        pendingLabel="Saving…"
      >
        <ServerFields control={control} register={register} errors={errors} transport={watch('transport')} nameFixed storedSecrets={stored} />
      </DialogForm>
    </Dialog>
  );
}
