// What a client holds between sign-ins, on the clients table: its live grants and tokens,
// and machine access (client_credentials: tokens from its secret alone, without anyone
// signing in), which the admin turns on or off here, with the consequence said first.
import type { OAuthClientSummary } from '../../../src-preload/contract-oauth';
import { Badge } from '../../components/ui/badge';
import { ConfirmDialog } from '../../components/ui/confirm-dialog';
import { useDialogMutation } from '../../lib/use-dialog-mutation';
import { useApiMutation } from '../../lib/use-api-mutation';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function StandingAccessCell({ client }: { client: OAuthClientSummary }) {
  return (
    <span className="flex flex-col items-start gap-0.5">
      <span className="text-[13px] whitespace-nowrap tabular-nums">
        {plural(client.activeGrants, 'grant')} · {plural(client.liveTokens, 'live token')}
      </span>
      {client.machineAccess ? (
        <Badge tone="warn" title="Machine access without sign-in: it gets tokens with its secret alone, without anyone signing in">
          Machine access: on
        </Badge>
      ) : client.machineAccessRequested ? (
        <Badge tone="neutral" title="It registered client_credentials; it gets no token without sign-in until you turn this on">
          Machine access: off
        </Badge>
      ) : null}
    </span>
  );
}

/** Whether the actions menu offers to turn machine access on or off for this client. */
export function canToggleMachineAccess(c: OAuthClientSummary): boolean {
  return c.type === 'confidential' && !c.disabled && (c.machineAccess || c.machineAccessRequested);
}

export function MachineAccessDialog({ target, onClose }: { target: OAuthClientSummary | null; onClose: () => void }) {
  const update = useDialogMutation(useApiMutation('oauth.clients.update'), onClose);
  const turningOn = target ? !target.machineAccess : false;
  return (
    <ConfirmDialog
      open={target !== null}
      title={turningOn ? `Turn on machine access for “${target?.name ?? ''}”?` : `Turn off machine access for “${target?.name ?? ''}”?`}
      confirmLabel={turningOn ? 'Turn on' : 'Turn off'}
      pendingLabel={turningOn ? 'Turning on…' : 'Turning off…'}
      tone={turningOn ? 'primary' : 'danger'}
      {...update.confirm}
      onConfirm={() => target && update.run({ clientId: target.clientId, machineAccess: turningOn })}
    >
      {turningOn ? (
        <>
          <p>
            <strong>{target?.name}</strong> can then get access tokens with its client secret alone, at any time,{' '}
            <strong>without anyone signing in</strong> or you being asked. Its tokens allow no more than its rules.
          </p>
          <p className="text-muted">Turn it off, revoke its machine grant, or disable the client to end it: its tokens stop working at once.</p>
        </>
      ) : (
        <p>
          It can no longer get tokens without a sign-in, and the machine tokens it holds stop working now. Sign-ins you
          allowed stay.
        </p>
      )}
    </ConfirmDialog>
  );
}
