import { useMemo, useState } from 'react';
import { Link } from '@tanstack/react-router';
import { KeySquare } from 'lucide-react';
import type { OAuthGrant } from '../../../src-preload/contract-oauth';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { LoadMore } from '../../components/ui/load-more';
import { ConfirmDialog } from '../../components/ui/confirm-dialog';
import { EmptyState } from '../../components/ui/empty-state';
import { QueryStates } from '../../components/ui/load-error';
import { SectionHeader } from '../../components/ui/page-header';
import { PlainTable, type PlainColumn } from '../../components/ui/plain-table';
import { RelativeTime } from '../../components/ui/relative-time';
import { useDialogMutation } from '../../lib/use-dialog-mutation';
import { useNow } from '../../lib/use-now';
import { useApiMutation } from '../../lib/use-api-mutation';
import { useOAuthGrants } from './use-oauth';

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

const columns: PlainColumn[] = [
  { label: 'Access', className: 'px-4' },
  { label: 'Granted' },
  { label: 'Expires' },
  { label: 'Access tokens' },
  { label: 'Refresh tokens' },
  { label: 'Consent' },
  { label: 'Actions', hidden: true },
];

function servers(g: OAuthGrant): string[] {
  return g.resources.map((r) => r.server ?? r.resource);
}

/** What one grant is, in the words of its row and its revoke button. */
function grantName(g: OAuthGrant): string {
  if (g.kind === 'machine') return 'machine access';
  return servers(g).join(', ') || 'no server';
}

function AccessCell({ g }: { g: OAuthGrant }) {
  if (g.kind === 'machine') {
    return (
      <Badge tone="warn" title="client_credentials: tokens from the client's secret alone, for any server its rules reach">
        Machine access without sign-in
      </Badge>
    );
  }
  if (servers(g).length === 0) return <span className="text-muted">No server</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {servers(g).map((s) => (
        <Badge key={s} tone="neutral">
          <span className="font-mono">{s}</span>
        </Badge>
      ))}
    </span>
  );
}

export function GrantsSection() {
  const grants = useOAuthGrants();
  const now = useNow();
  const [one, setOne] = useState<OAuthGrant | null>(null);
  const [all, setAll] = useState<ClientGroup | null>(null);
  const revoke = useDialogMutation(useApiMutation('oauth.grants.revoke'), () => setOne(null));
  const revokeAll = useDialogMutation(useApiMutation('oauth.grants.revokeAll'), () => setAll(null));
  const groups = useMemo(() => groupByClient((grants.data?.pages ?? []).flatMap((p) => p.grants)), [grants.data]);

  const empty = (
    <EmptyState icon={KeySquare} title="No active grants">
      A grant appears when you click Allow on a consent page, or when a service account gets a token. Expose a
      server on the{' '}
      <Link to="/servers" className="font-medium text-accent underline">
        Servers
      </Link>{' '}
      screen so an MCP app can ask.
    </EmptyState>
  );

  return (
    <section aria-labelledby="oauth-grants-title">
      <SectionHeader id="oauth-grants-title" title="Grants and tokens">
        What each client holds: sign-ins you allowed, and machine access you turned on, with the tokens issued under
        each. Revoking a grant ends its access and refresh tokens now, at the gateway within a second.
      </SectionHeader>
      <QueryStates query={grants} loading="Loading grants…" what="The grants" isEmpty={groups.length === 0} empty={empty}>
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
              <PlainTable label={`Grants of ${group.name}`} columns={columns}>
                {group.grants.map((g) => (
                  <GrantRow key={g.grantId} g={g} group={group} now={now} onRevoke={setOne} />
                ))}
              </PlainTable>
            </section>
          ))}
          <LoadMore query={grants} label="Load more grants" className="flex justify-end" />
        </div>
      </QueryStates>

      <ConfirmDialog
        open={one !== null}
        title={one?.kind === 'machine' ? 'Revoke machine access?' : 'Revoke this grant?'}
        confirmLabel="Revoke grant"
        pendingLabel="Revoking…"
        {...revoke.confirm}
        onConfirm={() => one && revoke.run({ grantId: one.grantId })}
      >
        {one ? <RevokeOneText g={one} /> : null}
      </ConfirmDialog>

      <ConfirmDialog
        open={all !== null}
        title={`Revoke every grant of “${all?.name ?? ''}”?`}
        confirmLabel="Revoke all"
        pendingLabel="Revoking…"
        {...revokeAll.confirm}
        onConfirm={() => all && revokeAll.run({ clientId: all.clientId })}
      >
        <p>
          {all?.grants.length ?? 0} {all?.grants.length === 1 ? 'grant' : 'grants'} (machine access included) and every
          token issued under them stop working now, client credentials tokens too. The client stays registered and can
          ask for consent again; machine access stays off until you turn it on.
        </p>
      </ConfirmDialog>
    </section>
  );
}

function GrantRow({ g, group, now, onRevoke }: { g: OAuthGrant; group: ClientGroup; now: number; onRevoke: (g: OAuthGrant) => void }) {
  return (
    <tr className="border-b border-border last:border-b-0">
      <td className="h-10 px-4">
        <AccessCell g={g} />
      </td>
      <td className="px-3 whitespace-nowrap">{g.createdAt ? <RelativeTime iso={g.createdAt} now={now} /> : <span className="text-muted">—</span>}</td>
      <td className="px-3 whitespace-nowrap">{g.expiresAt ? <RelativeTime iso={g.expiresAt} now={now} /> : <span className="text-muted">Never</span>}</td>
      <td className="px-3 tabular-nums">{g.accessTokens}</td>
      <td className="px-3 tabular-nums">{g.refreshTokens}</td>
      <td className="px-3">
        <ConsentCell g={g} />
      </td>
      <td className="px-3 text-right">
        <Button size="sm" variant="ghost" className="text-danger" onClick={() => onRevoke(g)} aria-label={`Revoke grant for ${grantName(g)} of ${group.name}`}>
          Revoke
        </Button>
      </td>
    </tr>
  );
}

/** Whether the grant asks again: machine access never does, a remembered sign-in skips the consent page. */
function ConsentCell({ g }: { g: OAuthGrant }) {
  if (g.kind === 'machine') return <span className="text-muted">Turned on by you</span>;
  return g.remembered ? (
    <Badge tone="ok" title="New requests inside this grant skip the consent page">
      Remembered
    </Badge>
  ) : (
    <span className="text-muted">Asked each time</span>
  );
}

/** What revoking this one grant ends, in words. */
function RevokeOneText({ g }: { g: OAuthGrant }) {
  const who = <strong>{g.clientName ?? g.clientId}</strong>;
  if (g.kind === 'machine') {
    return (
      <p>
        {who} can no longer get tokens without a sign-in, and its {g.accessTokens} machine access {g.accessTokens === 1 ? 'token stops' : 'tokens stop'}{' '}
        working now. Turn machine access on again on the client to give it back.
      </p>
    );
  }
  return (
    <>
      <p>
        {who} loses access to {servers(g).length > 0 ? <strong>{servers(g).join(', ')}</strong> : 'what it was granted'} now: its {g.accessTokens} access and{' '}
        {g.refreshTokens} refresh {g.refreshTokens === 1 ? 'token' : 'tokens'} stop working.
      </p>
      <p className="text-muted">The app has to ask for your consent again.</p>
    </>
  );
}
