// Everyone connected to the gateway now, per key or OAuth app, against the session caps
// of Settings; End stops a session and its server process.
import { Link } from '@tanstack/react-router';
import { Alert } from '../../components/ui/alert';
import { errorMessage } from '../../lib/api';
import { SessionList } from '../gateway/session-list';
import { useExposures, useGatewaySessions } from '../gateway/use-gateway';
import { useSettings } from '../rate-limits/use-settings';

export function GatewaySessionsSection({ now }: { now: number }) {
  const exposures = useExposures();
  const anyExposed = (exposures.data ?? []).some((e) => e.exposed);
  const sessions = useGatewaySessions(anyExposed);
  const settings = useSettings();
  if (!anyExposed) return null;
  const list = sessions.data ?? [];
  const caps = settings.data;
  return (
    <section aria-labelledby="gateway-sessions-title" className="mt-6 rounded-lg border border-border p-4">
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="gateway-sessions-title" className="text-sm font-semibold">
          Gateway sessions
        </h2>
        <p className="text-[13px] text-muted">
          {list.length}
          {caps ? ` of ${caps.gatewaySessionsTotal}` : ''} open{caps ? `; at most ${caps.gatewaySessionsPerPrincipal} per key or app and server, idle ones end after ${caps.gatewaySessionIdleMinutes} min` : ''}
          {' · '}
          <Link to="/settings" className="font-medium text-fg underline decoration-border-strong underline-offset-2 hover:decoration-fg">
            Change in Settings
          </Link>
        </p>
      </div>
      {sessions.isError ? (
        <Alert tone="danger">The sessions could not be loaded. {errorMessage(sessions.error)}</Alert>
      ) : list.length === 0 ? (
        <p className="text-[13px] text-muted">No client is connected over HTTP. This list refreshes every 5 seconds.</p>
      ) : (
        <SessionList sessions={list} now={now} label="Gateway sessions by key or app" showServer perPrincipalCap={caps?.gatewaySessionsPerPrincipal} />
      )}
    </section>
  );
}
