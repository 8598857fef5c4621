// Gatehouse's own OAuth sign-in at a remote server's authorization server: status,
// Connect (opens the upstream's sign-in page in a new tab, or the system browser under
// Electron) and Disconnect. Self-contained: the expose panel mounts it with one line.
import { useQuery } from '@tanstack/react-query';
import type { ServerSummary, UpstreamAuthStatus } from '../../../src-preload/contract';
import { Alert } from '../../components/ui/alert';
import { Badge, type BadgeTone } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { RelativeTime } from '../../components/ui/relative-time';
import { errorMessage } from '../../lib/api';
import { apiQuery } from '../../lib/api-cache';
import { useApiMutation } from '../../lib/use-api-mutation';

const LABEL: Record<UpstreamAuthStatus['state'], [string, BadgeTone]> = {
  not_configured: ['not configured', 'neutral'],
  signed_out: ['needs sign-in', 'warn'],
  waiting: ['waiting for sign-in', 'warn'],
  connected: ['connected', 'ok'],
  error: ['error', 'danger'],
};

export function UpstreamAuth({ server: s, now }: { server: ServerSummary; now: number }) {
  const status = useQuery({
    ...apiQuery('servers.oauth.status', { name: s.name }),
    // While a sign-in is open in the browser, watch for the callback.
    refetchInterval: (q) => (q.state.data?.state === 'waiting' ? 2000 : false),
  });
  const connect = useApiMutation('servers.oauth.connect', {
    onSuccess: (data) => {
      if (data.authorizationUrl) window.open(data.authorizationUrl, '_blank', 'noopener,noreferrer');
    },
  });
  const disconnect = useApiMutation('servers.oauth.disconnect');

  const a = status.data;
  const [label, tone] = a ? LABEL[a.state] : ['…', 'neutral' as BadgeTone];
  const busy = connect.isPending || disconnect.isPending;
  return (
    <div className="space-y-1 text-[13px]" role="group" aria-label={`OAuth to the upstream of ${s.name}`}>
      <div className="flex flex-wrap items-center gap-2">
        <span>
          OAuth to the upstream: <Badge tone={tone}>{label}</Badge>
        </span>
        <Button size="sm" variant={a?.state === 'connected' ? 'secondary' : 'primary'} disabled={busy} onClick={() => connect.mutate({ name: s.name })}>
          {a?.state === 'connected' ? 'Sign in again' : 'Connect'}
        </Button>
        {a && a.state !== 'not_configured' && a.state !== 'signed_out' ? (
          <Button size="sm" variant="ghost" disabled={busy} onClick={() => disconnect.mutate({ name: s.name })}>
            Disconnect
          </Button>
        ) : null}
      </div>
      {a ? <StatusDetail a={a} now={now} /> : null}
      {status.isError ? <Alert tone="danger">The sign-in status could not be loaded. {errorMessage(status.error)}</Alert> : null}
      {connect.isError ? <Alert tone="danger">{errorMessage(connect.error)}</Alert> : null}
      {disconnect.isError ? <Alert tone="danger">{errorMessage(disconnect.error)}</Alert> : null}
    </div>
  );
}

/** One line on the sign-in as it stands: when the token expires, where to finish, or what failed. */
function StatusDetail({ a, now }: { a: UpstreamAuthStatus; now: number }) {
  if (a.state === 'connected' && a.expiresAt) {
    return (
      <p className="text-muted">
        Access token <RelativeTime iso={a.expiresAt} now={now} prefix="expires" />
        {a.refreshable ? '; Gatehouse refreshes it when needed.' : '; no refresh token: sign in again then.'}
      </p>
    );
  }
  if (a.state === 'waiting' && a.authorizationUrl) {
    return (
      <p className="text-muted">
        Finish signing in in the browser tab that opened, or{' '}
        <a className="underline" href={a.authorizationUrl} target="_blank" rel="noopener noreferrer">
          open the sign-in page
        </a>
        .
      </p>
    );
  }
  return a.state === 'error' && a.error ? <Alert tone="danger">{a.error}</Alert> : null;
}
