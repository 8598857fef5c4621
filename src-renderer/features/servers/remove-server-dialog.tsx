import type { ServerSummary } from '../../../src-preload/contract';
import { ConfirmWrite } from '../../components/ui/confirm-write';
import { queryKeyOf } from '../../lib/api-cache';
import { useApiMutation } from '../../lib/use-api-mutation';

export function RemoveServerDialog({ target, onClose }: { target: ServerSummary | null; onClose: () => void }) {
  const removal = useApiMutation('servers.remove', {
    // Its detail would only answer "not found" now: dropped, not refetched.
    onSuccess: (_removed, { name }, queryClient) => queryClient.removeQueries({ queryKey: queryKeyOf('servers.get', { name }) }),
  });
  return (
    <ConfirmWrite target={target} mutation={removal} toInput={(s) => ({ name: s.name })} onClose={onClose} action="Remove" confirmLabel="Remove server" pendingLabel="Removing…">
      <p>
        Gatehouse forgets this server, its tool catalog and its stored {target?.transport === 'http' ? 'headers' : 'environment values'}.
        Client apps that reach it through Gatehouse lose access. Rules that name it stay on the keys and match nothing.
      </p>
    </ConfirmWrite>
  );
}
