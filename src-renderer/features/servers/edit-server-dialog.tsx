// Edit: every field of a server but its name. Env and header values are write-only:
// the rows show the stored names with an empty value, which keeps the stored value;
// typing a value replaces it; removing a row deletes the variable or header.
import { useEffect } from 'react';
import type { ServerSummary } from '../../../src-preload/contract';
import { useDialogMutation } from '../../lib/use-dialog-mutation';
import { toAddInput, type AddServerFormValues } from './add-server-schema';
import { ServerFormDialog, useServerForm } from './server-form-dialog';
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
  const form = useServerForm(server ? formValuesOf(server) : undefined);
  const { reset } = form;
  useEffect(() => {
    if (server) reset(formValuesOf(server));
  }, [server, reset]);
  const update = useDialogMutation(useApiMutation('servers.update'), onClose);
  return (
    <ServerFormDialog
      form={form}
      open={server !== null}
      title={server ? `Edit ${server.name}` : 'Edit server'}
      description="Protected client configs start the server with these settings from their next start."
      mutation={update}
      onSubmit={(v) => {
        if (server) update.run({ name: server.name, server: { ...toAddInput(v), name: server.name }, keepSecrets: true });
      }}
      label="Save"
      pendingLabel="Saving…"
      nameFixed
      storedSecrets={server ? [...server.envNames, ...server.headerNames] : []}
    />
  );
}
