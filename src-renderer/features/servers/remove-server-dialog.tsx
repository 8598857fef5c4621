import type { ServerSummary } from '../../../src-preload/contract';
import { ConfirmDialog } from '../../components/ui/confirm-dialog';
import { useDialogMutation } from '../../lib/use-dialog-mutation';
import { useRemoveServer } from './use-servers';

export function RemoveServerDialog({ target, onClose }: { target: ServerSummary | null; onClose: () => void }) {
  const remove = useDialogMutation(useRemoveServer(), onClose);
  return (
    <ConfirmDialog
      open={target !== null}
      title={`Remove “${target?.name ?? ''}”?`}
      confirmLabel="Remove server"
      pendingLabel="Removing…"
      {...remove.confirm}
      confirmDisabled={!target}
      onConfirm={() => target && remove.run(target.name)}
    >
      <p>
        Gatehouse forgets this server, its tool catalog and its stored {target?.transport === 'http' ? 'headers' : 'environment values'}.
        Client apps that reach it through Gatehouse lose access. Rules that name it stay on the keys and match nothing.
      </p>
    </ConfirmDialog>
  );
}
