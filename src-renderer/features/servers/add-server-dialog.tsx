import { useDialogMutation } from '../../lib/use-dialog-mutation';
import { useApiMutation } from '../../lib/use-api-mutation';
import { addServerDefaults, toAddInput } from './add-server-schema';
import { ServerFormDialog, useServerForm } from './server-form-dialog';

export function AddServerDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const form = useServerForm(addServerDefaults);
  const add = useDialogMutation(useApiMutation('servers.add'), () => {
    // Typed secrets go with the dialog.
    form.reset(addServerDefaults);
    onOpenChange(false);
  });
  return (
    <ServerFormDialog
      form={form}
      open={open}
      title="Add server"
      description="An MCP server Gatehouse starts (stdio) or reaches (HTTP) on behalf of your keys."
      mutation={add}
      onSubmit={(v) => add.run(toAddInput(v))}
      label="Add server"
      pendingLabel="Adding…"
    />
  );
}
