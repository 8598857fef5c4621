import type { ServerSummary } from '../../../src-preload/contract';
import { Alert } from '../../components/ui/alert';
import { Button } from '../../components/ui/button';
import { Dialog, DialogBody, DialogFooter } from '../../components/ui/dialog';
import { errorMessage } from '../../lib/api';
import { useRemoveServer } from './use-servers';

export function RemoveServerDialog({ target, onClose }: { target: ServerSummary | null; onClose: () => void }) {
  const remove = useRemoveServer();

  function close() {
    remove.reset();
    onClose();
  }

  return (
    <Dialog open={target !== null} onOpenChange={(open) => (open ? undefined : close())} title={`Remove “${target?.name ?? ''}”?`} width="max-w-md">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (target) remove.mutate(target.name, { onSuccess: close });
        }}
      >
        <DialogBody className="space-y-3">
          <p className="text-sm">
            Gatehouse forgets this server, its tool catalog and its stored {target?.transport === 'http' ? 'headers' : 'environment values'}.
            Client apps that reach it through Gatehouse lose access. Rules that name it stay on the keys and match nothing.
          </p>
          {remove.isError ? (
            <Alert tone="danger" live>
              {errorMessage(remove.error)}
            </Alert>
          ) : null}
        </DialogBody>
        <DialogFooter>
          <Button onClick={close} autoFocus>
            Cancel
          </Button>
          <Button type="submit" variant="danger" disabled={remove.isPending || !target}>
            {remove.isPending ? 'Removing…' : 'Remove server'}
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}
