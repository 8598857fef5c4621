import type { ServerSummary } from '../../../src-preload/contract';
import { ConfirmDialog } from '../../components/ui/confirm-dialog';
import { useDialogMutation } from '../../lib/use-dialog-mutation';
import { queryKeyOf } from '../../lib/api-cache';
import { useApiMutation } from '../../lib/use-api-mutation';

export function RemoveServerDialog({ target, onClose }: { target: ServerSummary | null; onClose: () => void }) {
  const removal = useApiMutation('servers.remove', {
    // Its detail would only answer "not found" now: dropped, not refetched.
    onSuccess: (_removed, { name }, queryClient) => queryClient.removeQueries({ queryKey: queryKeyOf('servers.get', { name }) }),
  });
  const remove = useDialogMutation(removal, onClose);
  return (
    <ConfirmDialog
      open={target !== null}
      title={`Remove “${target?.name ?? ''}”?`}
      confirmLabel="Remove server"
      pendingLabel="Removing…"
      {...remove.confirm}
      confirmDisabled={!target}
      onConfirm={() => target && remove.run({ name: target.name })}
    >
      <p>
        Gatehouse forgets this server, its tool catalog and its stored {target?.transport === 'http' ? 'headers' : 'environment values'}.
        Client apps that reach it through Gatehouse lose access. Rules that name it stay on the keys and match nothing.
      </p>
    </ConfirmDialog>
  );
}
