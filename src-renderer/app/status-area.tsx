import { useQueryClient } from '@tanstack/react-query';
import { Alert } from '../components/ui/alert';
import { Button } from '../components/ui/button';
import { CopyButton } from '../features/gateway/copy-button';
import { useConnectionState } from './connection-gate';
import { MasterKeyBanner } from './master-key-banner';
import { useSystemStatus } from './use-system-status';

/** Top-bar status: whether Gatehouse answers, its version, and whether the authorization server runs (issuer). */
export function StatusArea() {
  const status = useSystemStatus();
  const connection = useConnectionState();
  const reachable = connection !== 'unreachable' && !status.isError;
  const s = status.data;
  return (
    <div className="flex min-w-0 items-center gap-3 text-[13px] text-muted" aria-live="polite">
      {s ? (
        <span className="shrink-0 whitespace-nowrap" title={`Data directory: ${s.dataDir}`}>
          v{s.version}
        </span>
      ) : null}
      {reachable && s ? <AuthServerStatus issuer={s.issuer} httpError={s.httpError} /> : (
        <span className="flex items-center gap-1.5 whitespace-nowrap">
          <span aria-hidden="true" className={`size-2 rounded-full ${reachable ? 'bg-muted' : 'bg-danger'}`} />
          {reachable ? 'Connecting…' : 'Not reachable'}
        </span>
      )}
    </div>
  );
}

/** The AS in the top bar: its issuer with Copy and "Running", or "Stopped" with the reason (e.g. the port is taken). */
function AuthServerStatus({ issuer, httpError }: { issuer: string | null; httpError: string | null }) {
  if (issuer) {
    return (
      <span className="flex min-w-0 items-center gap-1.5" role="group" aria-label="Authorization server">
        <span className="whitespace-nowrap">Issuer</span>
        <code className="min-w-0 truncate rounded bg-surface-2 px-1.5 py-px font-mono text-[12px] text-fg" title={issuer} data-testid="as-issuer">
          {issuer}
        </code>
        <CopyButton text={issuer} label="Copy issuer URL" variant="ghost" size="icon" className="size-7" showText={false} />
        <span className="flex items-center gap-1.5 whitespace-nowrap">
          <span aria-hidden="true" className="size-2 rounded-full bg-ok-fg" />
          Running
        </span>
      </span>
    );
  }
  const reason = httpError ?? 'This process does not serve HTTP.';
  return (
    <span className="flex min-w-0 items-center gap-1.5" role="group" aria-label="Authorization server">
      <span className="flex items-center gap-1.5 whitespace-nowrap text-danger">
        <span aria-hidden="true" className="size-2 rounded-full bg-danger" />
        Stopped
      </span>
      <span className="min-w-0 truncate" title={reason}>
        {reason}
      </span>
    </span>
  );
}

/** Warnings that concern every screen: weak master key, read-only data, lost connection. */
export function StatusBanners() {
  const status = useSystemStatus();
  const connection = useConnectionState();
  const queryClient = useQueryClient();
  const s = status.data;
  const unreachable = connection === 'unreachable';
  if (!unreachable && !s?.masterKeyWeak && !s?.readOnly) return null;
  return (
    <div className="space-y-2 px-6 pt-4 empty:hidden">
      {unreachable ? (
        <Alert
          tone="danger"
          live
          action={
            <Button size="sm" onClick={() => void queryClient.refetchQueries({ type: 'active' })}>
              Try again
            </Button>
          }
        >
          <strong className="font-semibold">Gatehouse is not reachable.</strong> Check that the app or{' '}
          <code className="font-mono">gatehouse serve</code> is still running, then try again.
        </Alert>
      ) : null}
      {s?.readOnly ? (
        <Alert tone="warning">
          <strong className="font-semibold">Read-only.</strong> {s.readOnlyReason ?? 'Changes cannot be saved.'}
        </Alert>
      ) : null}
      {s?.masterKeyWeak ? <MasterKeyBanner status={s} /> : null}
    </div>
  );
}
