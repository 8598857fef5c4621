// Disable, delete and rotate-secret for one OAuth client: each says what happens to
// the app that uses it before it happens.
import type { OAuthClientSummary } from '../../../src-preload/contract-oauth';
import { Dialog } from '../../components/ui/dialog';
import { ConfirmDialog } from '../../components/ui/confirm-dialog';
import { useDialogMutation } from '../../lib/use-dialog-mutation';
import { ClientCredentials } from './secret-once';
import { useApiMutation } from '../../lib/use-api-mutation';

function grantsPhrase(n: number): string {
  return n === 0
    ? 'It holds no active grant.'
    : `Its ${n} active ${n === 1 ? 'grant is' : 'grants are'} (machine access included) revoked and every token issued under ${n === 1 ? 'it' : 'them'} stops working now.`;
}

export function DisableClientDialog({ target, onClose }: { target: OAuthClientSummary | null; onClose: () => void }) {
  const disable = useDialogMutation(useApiMutation('oauth.clients.revoke'), onClose);
  return (
    <ConfirmDialog
      open={target !== null}
      title={`Disable “${target?.name ?? ''}”?`}
      confirmLabel="Disable client"
      pendingLabel="Disabling…"
      {...disable.confirm}
      onConfirm={() => target && disable.run({ clientId: target.clientId })}
    >
      <p>
        The app using this client can no longer sign in or refresh tokens. {grantsPhrase(target?.activeGrants ?? 0)}
      </p>
      <p className="text-muted">
        You can enable it again later: no revoked grant or token comes back, it has to ask for your consent again, and
        machine access stays off until you turn it on.
      </p>
    </ConfirmDialog>
  );
}

export function DeleteClientDialog({ target, onClose }: { target: OAuthClientSummary | null; onClose: () => void }) {
  const del = useDialogMutation(useApiMutation('oauth.clients.delete'), onClose);
  const again =
    target?.method === 'manual'
      ? 'Its client ID and secret are gone for good: the app needs a new client.'
      : 'The app may register itself again, and will then ask for your consent again.';
  return (
    <ConfirmDialog
      open={target !== null}
      title={`Delete “${target?.name ?? ''}”?`}
      confirmLabel="Delete client"
      pendingLabel="Deleting…"
      {...del.confirm}
      onConfirm={() => target && del.run({ clientId: target.clientId })}
    >
      <p>
        Gatehouse forgets this client and its rules. {grantsPhrase(target?.activeGrants ?? 0)}
      </p>
      <p className="text-muted">{again} This cannot be undone.</p>
    </ConfirmDialog>
  );
}

export function RotateSecretDialog({ target, onClose }: { target: OAuthClientSummary | null; onClose: () => void }) {
  const rotate = useApiMutation('oauth.clients.rotateSecret');
  const { close, confirm } = useDialogMutation(rotate, onClose);
  const secret = rotate.data?.clientSecret ?? null;
  if (secret) {
    return (
      <Dialog open={target !== null} onClose={close} title="The new client secret" width="max-w-xl" modalLocked>
        <ClientCredentials
          clientId={target?.clientId}
          secret={secret}
          intro="The old secret no longer works. Put this one where the app keeps its credentials."
          onDone={close}
        />
      </Dialog>
    );
  }
  return (
    <ConfirmDialog
      open={target !== null}
      title={`Rotate the secret of “${target?.name ?? ''}”?`}
      confirmLabel="Rotate secret"
      pendingLabel="Rotating…"
      tone="primary"
      {...confirm}
      onConfirm={() => target && rotate.mutate({ clientId: target.clientId })}
    >
      <p>A new secret is issued and shown once. The current secret stops working at once: the app cannot get new tokens until it has the new one.</p>
      <p className="text-muted">Access tokens it already holds keep working until they expire.</p>
    </ConfirmDialog>
  );
}
