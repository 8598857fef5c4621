// Live gateway sessions grouped by who holds them (an API key or an OAuth app), each with
// an End button: ending one stops its server process; its client starts anew next time.
import { X } from 'lucide-react';
import type { GatewaySessionInfo } from '../../../src-preload/contract';
import { ErrorAlert } from '../../components/ui/alert';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { RelativeTime } from '../../components/ui/relative-time';
import { useApiMutation } from '../../lib/use-api-mutation';

interface Holder {
  key: string;
  type: GatewaySessionInfo['principalType'];
  name: string;
  sessions: GatewaySessionInfo[];
}

export function byPrincipal(sessions: readonly GatewaySessionInfo[]): Holder[] {
  const holders = new Map<string, Holder>();
  for (const s of sessions) {
    const key = `${s.principalType}:${s.principalId}`;
    const h = holders.get(key) ?? { key, type: s.principalType, name: s.principalName, sessions: [] };
    h.sessions.push(s);
    holders.set(key, h);
  }
  return [...holders.values()].sort((a, b) => b.sessions.length - a.sessions.length || a.name.localeCompare(b.name));
}

export function SessionList({
  sessions,
  now,
  label,
  showServer = false,
  perPrincipalCap,
}: {
  sessions: readonly GatewaySessionInfo[];
  now: number;
  label: string;
  showServer?: boolean;
  perPrincipalCap?: number;
}) {
  const end = useApiMutation('servers.sessions.end');
  return (
    <div className="space-y-2">
      <ul className="divide-y divide-border rounded-md border border-border" aria-label={label}>
        {byPrincipal(sessions).map((h) => (
          <li key={h.key} className="px-3 py-2">
            <p className="flex items-center gap-2 text-[13px]">
              <Badge tone="neutral">{h.type === 'api_key' ? 'API key' : 'OAuth app'}</Badge>
              <span className="truncate font-medium">{h.name}</span>
              <span className="text-muted">
                · {h.sessions.length}
                {perPrincipalCap ? ` of ${perPrincipalCap}` : ''} {h.sessions.length === 1 && !perPrincipalCap ? 'session' : 'sessions'}
              </span>
            </p>
            <ul className="mt-1 space-y-1" aria-label={`Sessions of ${h.name}`}>
              {h.sessions.map((s) => (
                <li key={s.id} className="flex items-center justify-between gap-3 text-[13px]">
                  <span className="min-w-0 truncate text-muted">
                    {showServer ? <span className="font-mono text-fg">{s.server}</span> : null}
                    {showServer ? ' · ' : null}
                    since <RelativeTime iso={s.startedAt} now={now} /> · active <RelativeTime iso={s.lastUsed} now={now} />
                  </span>
                  <Button
                    size="sm"
                    variant="ghost"
                    className="h-6 shrink-0 px-1.5 text-xs"
                    disabled={end.isPending && end.variables?.id === s.id}
                    aria-label={`End the session of ${h.name} on ${s.server}, started ${new Date(s.startedAt).toLocaleTimeString('en')}`}
                    onClick={() => end.mutate({ id: s.id })}
                  >
                    <X aria-hidden="true" className="size-3.5" />
                    End
                  </Button>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      <ErrorAlert error={end.error} lead="The session was not ended." />
    </div>
  );
}
