import { useMemo, useState } from 'react';
import { Link } from '@tanstack/react-router';
import { KeySquare } from 'lucide-react';
import type { OAuthGrant } from '../../../src-preload/contract-oauth';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { EmptyState } from '../../components/ui/empty-state';
import { LoadError } from '../../components/ui/load-error';
import { RelativeTime } from '../../components/ui/relative-time';
import { useNow } from '../../lib/use-now';
import { ConfirmDialog } from '../../components/ui/confirm-dialog';
import { useOAuthGrants, useRevokeAllGrants, useRevokeGrant } from './use-oauth';

interface ClientGroup {
  clientId: string;
  name: string;
  grants: OAuthGrant[];
}

function groupByClient(grants: OAuthGrant[]): ClientGroup[] {
  const groups = new Map<string, ClientGroup>();
  for (const g of grants) {
    const group = groups.get(g.clientId) ?? { clientId: g.clientId, name: g.clientName ?? g.clientId, grants: [] };
    group.grants.push(g);
    groups.set(g.clientId, group);
  }
  return [...groups.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function servers(g: OAuthGrant): string[] {
  return g.resources.map((r) => r.server ?? r.resource);
}

export function GrantsSection() {
  const grants = useOAuthGrants();
  const now = useNow();
  const revoke = useRevokeGrant();
  const revokeAll = useRevokeAllGrants();
  const [one, setOne] = useState<OAuthGrant | null>(null);
  const [all, setAll] = useState<ClientGroup | null>(null);
  const groups = useMemo(() => groupByClient(grants.data ?? []), [grants.data]);

  function closeOne() {
    revoke.reset();
    setOne(null);
  }
  function closeAll() {
    revokeAll.reset();
    setAll(null);
  }

  return (
    <section aria-labelledby="oauth-grants-title">
      <div className="mb-3">
        <h2 id="oauth-grants-title" className="text-[15px] font-semibold">
          Grants and tokens
        </h2>
        <p className="text-[13px] text-muted">
          What you allowed each client, and the tokens issued under it. Revoking a grant ends its refresh tokens and
          access tokens now.
        </p>
      </div>
      {grants.isPending ? (
        <p className="py-10 text-center text-sm text-muted" aria-live="polite">
          Loading grants…
        </p>
      ) : grants.isError ? (
        <LoadError what="The grants" error={grants.error} onRetry={() => void grants.refetch()} />
      ) : groups.length === 0 ? (
        <EmptyState icon={KeySquare} title="No active grants">
          A grant appears when you click Allow on a consent page, or when a service account gets a token. Expose a
          server on the{' '}
          <Link to="/servers" className="font-medium text-accent underline">
            Servers
          </Link>{' '}
          screen so an MCP app can ask.
        </EmptyState>
      ) : (
        <div className="space-y-4">
          {groups.map((group) => (
            <section key={group.clientId} aria-label={group.name} className="rounded-lg border border-border">
              <div className="flex items-center justify-between gap-3 border-b border-border bg-surface px-4 py-2">
                <div className="min-w-0">
                  <h3 className="truncate text-sm font-semibold">{group.name}</h3>
                  <p className="truncate font-mono text-[11px] text-muted">{group.clientId}</p>
                </div>
                <Button size="sm" variant="secondary" className="text-danger" onClick={() => setAll(group)}>
                  Revoke all ({group.grants.length})
                </Button>
              </div>
              <table className="w-full text-sm" aria-label={`Grants of ${group.name}`}>
                <thead>
                  <tr className="border-b border-border text-left text-xs text-muted">
                    <th scope="col" className="h-8 px-4 font-medium">Servers</th>
                    <th scope="col" className="px-3 font-medium">Granted</th>
                    <th scope="col" className="px-3 font-medium">Expires</th>
                    <th scope="col" className="px-3 font-medium">Refresh tokens</th>
                    <th scope="col" className="px-3 font-medium">Consent</th>
                    <th scope="col" className="px-3">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {group.grants.map((g) => (
                    <tr key={g.grantId} className="border-b border-border last:border-b-0">
                      <td className="h-10 px-4">
                        <span className="flex flex-wrap gap-1">
                          {servers(g).length === 0 ? (
                            <span className="text-muted">No server</span>
                          ) : (
                            servers(g).map((s) => (
                              <Badge key={s} tone="neutral">
                                <span className="font-mono">{s}</span>
                              </Badge>
                            ))
                          )}
                        </span>
                      </td>
                      <td className="px-3 whitespace-nowrap">
                        {g.createdAt ? <RelativeTime iso={g.createdAt} now={now} /> : <span className="text-muted">—</span>}
                      </td>
                      <td className="px-3 whitespace-nowrap">
                        {g.expiresAt ? <RelativeTime iso={g.expiresAt} now={now} /> : <span className="text-muted">Never</span>}
                      </td>
                      <td className="px-3 tabular-nums">{g.refreshTokens}</td>
                      <td className="px-3">
                        {g.remembered ? (
                          <Badge tone="ok" title="New requests inside this grant skip the consent page">
                            Remembered
                          </Badge>
                        ) : (
                          <span className="text-muted">Asked each time</span>
                        )}
                      </td>
                      <td className="px-3 text-right">
                        <Button size="sm" variant="ghost" className="text-danger" onClick={() => setOne(g)} aria-label={`Revoke grant for ${servers(g).join(', ') || 'no server'} of ${group.name}`}>
                          Revoke
                        </Button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ))}
        </div>
      )}

      <ConfirmDialog
        open={one !== null}
        title="Revoke this grant?"
        confirmLabel="Revoke grant"
        pendingLabel="Revoking…"
        pending={revoke.isPending}
        error={revoke.error}
        onClose={closeOne}
        onConfirm={() => one && revoke.mutate(one.grantId, { onSuccess: closeOne })}
      >
        <p>
          <strong>{one?.clientName ?? one?.clientId}</strong> loses access to{' '}
          {one && servers(one).length > 0 ? <strong>{servers(one).join(', ')}</strong> : 'what it was granted'} now: its{' '}
          {one?.refreshTokens ?? 0} refresh {one?.refreshTokens === 1 ? 'token' : 'tokens'} and the access tokens issued
          with them stop working.
        </p>
        <p className="text-muted">The app has to ask for your consent again.</p>
      </ConfirmDialog>

      <ConfirmDialog
        open={all !== null}
        title={`Revoke every grant of “${all?.name ?? ''}”?`}
        confirmLabel="Revoke all"
        pendingLabel="Revoking…"
        pending={revokeAll.isPending}
        error={revokeAll.error}
        onClose={closeAll}
        onConfirm={() => all && revokeAll.mutate(all.clientId, { onSuccess: closeAll })}
      >
        <p>
          {all?.grants.length ?? 0} {all?.grants.length === 1 ? 'grant' : 'grants'} and every token issued under them
          stop working now. The client stays registered and can ask for consent again.
        </p>
      </ConfirmDialog>
    </section>
  );
}
