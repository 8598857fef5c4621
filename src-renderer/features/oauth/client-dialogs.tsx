// Disable, delete and rotate-secret for one OAuth client: each says what happens to
// the app that uses it before it happens.
import type { OAuthClientSummary } from '../../../src-preload/contract-oauth';
import { Dialog } from '../../components/ui/dialog';
import { useDialogMutation } from '../../lib/use-dialog-mutation';
import { ConfirmWrite } from '../../components/ui/confirm-write';
import { ClientCredentials } from './secret-once';
import { useApiMutation } from '../../lib/use-api-mutation';

const byClient = (c: OAuthClientSummary) => ({ clientId: c.clientId });

function grantsPhrase(n: number): string {
  return n === 0
    ? 'It holds no active grant.'
    : `Its ${n} active ${n === 1 ? 'grant is' : 'grants are'} (machine access included) revoked and every token issued under ${n === 1 ? 'it' : 'them'} stops working now.`;
}

export function DisableClientDialog({ target, onClose }: { target: OAuthClientSummary | null; onClose: () => void }) {
  return (
    <ConfirmWrite target={target} mutation={useApiMutation('oauth.clients.revoke')} toInput={byClient} onClose={onClose} action="Disable" confirmLabel="Disable client" pendingLabel="Disabling…">
      <p>
        The app using this client can no longer sign in or refresh tokens. {grantsPhrase(target?.activeGrants ?? 0)}
      </p>
      <p className="text-muted">
        You can enable it again later: no revoked grant or token comes back, it has to ask for your consent again, and
        machine access stays off until you turn it on.
      </p>
    </ConfirmWrite>
  );
}

export function DeleteClientDialog({ target, onClose }: { target: OAuthClientSummary | null; onClose: () => void }) {
  const del = useApiMutation('oauth.clients.delete');
  const again =
    target?.method === 'manual'
      ? 'Its client ID and secret are gone for good: the app needs a new client.'
      : 'The app may register itself again, and will then ask for your consent again.';
  return (
    <ConfirmWrite target={target} mutation={del} toInput={byClient} onClose={onClose} action="Delete" confirmLabel="Delete client" pendingLabel="Deleting…">
      <p>
        Gatehouse forgets this client and its rules. {grantsPhrase(target?.activeGrants ?? 0)}
      </p>
      <p className="text-muted">{again} This cannot be undone.</p>
    </ConfirmWrite>
  );
}

export function RotateSecretDialog({ target, onClose }: { target: OAuthClientSummary | null; onClose: () => void }) {
  const rotate = useApiMutation('oauth.clients.rotateSecret');
  const { close } = useDialogMutation(rotate, onClose);
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
    <ConfirmWrite target={target} mutation={rotate} toInput={byClient} onClose={onClose} action="Rotate the secret of" confirmLabel="Rotate secret" pendingLabel="Rotating…" tone="primary" showsResult>
      <p>A new secret is issued and shown once. The current secret stops working at once: the app cannot get new tokens until it has the new one.</p>
      <p className="text-muted">Access tokens it already holds keep working until they expire.</p>
    </ConfirmWrite>
  );
}
