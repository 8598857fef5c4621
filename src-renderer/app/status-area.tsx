import { useQueryClient } from '@tanstack/react-query';
import { Alert } from '../components/ui/alert';
import { Button } from '../components/ui/button';
import { useConnectionState } from './connection-gate';
import { useSystemStatus } from './use-system-status';

const sourceLabel = { env: 'environment', keychain: 'OS keychain', file: 'key file' } as const;

/** Top-bar status: whether Gatehouse answers, its version and where its data lives. */
export function StatusArea() {
  const status = useSystemStatus();
  const connection = useConnectionState();
  const reachable = connection !== 'unreachable' && !status.isError;
  return (
    <div className="flex min-w-0 items-center gap-3 text-[13px] text-muted" aria-live="polite">
      {status.data ? (
        <span className="truncate" title={`Data directory: ${status.data.dataDir}`}>
          v{status.data.version} · master key: {sourceLabel[status.data.masterKeySource]}
        </span>
      ) : null}
      <span className="flex items-center gap-1.5 whitespace-nowrap">
        <span
          aria-hidden="true"
          className={`size-2 rounded-full ${reachable ? 'bg-ok-fg' : status.isPending ? 'bg-muted' : 'bg-danger'}`}
        />
        {reachable ? (status.isPending ? 'Connecting…' : 'Running') : 'Not reachable'}
      </span>
    </div>
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
    <div className="space-y-2 px-6 pt-4">
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
      {s?.masterKeyWeak ? (
        <Alert tone="warning">
          Master key is stored in a file next to the data (weakest option) — set{' '}
          <code className="font-mono">GATEHOUSE_MASTER_KEY</code> or use the OS keychain
        </Alert>
      ) : null}
    </div>
  );
}
