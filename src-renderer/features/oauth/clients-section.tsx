import { useCallback, useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearch } from '@tanstack/react-router';
import {
  createColumnHelper,
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type SortingState,
} from '@tanstack/react-table';
import { AppWindow, MoreHorizontal, Plus } from 'lucide-react';
import type { OAuthClientSummary } from '../../../src-preload/contract-oauth';
import { ErrorAlert } from '../../components/ui/alert';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { DataTable } from '../../components/ui/data-table';
import { LoadMore } from '../../components/ui/load-more';
import { EmptyState } from '../../components/ui/empty-state';
import { QueryStates } from '../../components/ui/load-error';
import { Menu, MenuItem, MenuSeparator } from '../../components/ui/menu';
import { SectionHeader } from '../../components/ui/page-header';
import { RelativeTime } from '../../components/ui/relative-time';
import { useLinkedSearch } from '../../lib/use-linked-search';
import { useNow } from '../../lib/use-now';
import { DeleteClientDialog, DisableClientDialog, RotateSecretDialog } from './client-dialogs';
import { CreateClientDialog } from './create-client-dialog';
import { EditClientDialog } from './edit-client-dialog';
import { grantLabel, methodExplain, methodLabel } from './labels';
import { canToggleMachineAccess, MachineAccessDialog, StandingAccessCell } from './standing-access';
import { useApiMutation } from '../../lib/use-api-mutation';
import { useOAuthClient, useOAuthClients } from './use-oauth';

const col = createColumnHelper<OAuthClientSummary>();

function time(iso: string | null): number {
  return iso ? new Date(iso).getTime() : -1;
}

/** A link (the search palette) to one client opens its dialog: read by id, as it need not be on the pages loaded. */
function useLinkedClient(open: (c: OAuthClientSummary) => void) {
  const navigate = useNavigate({ from: '/oauth' });
  const search = useSearch({ from: '/oauth' });
  const clear = useCallback(() => void navigate({ search: { tab: 'clients' }, replace: true }), [navigate]);
  const { linked, handled } = useLinkedSearch(useMemo(() => (search.client ? { client: search.client } : {}), [search.client]), clear);
  const client = useOAuthClient(linked?.client ?? null);
  useEffect(() => {
    if (!linked?.client || client.isPending) return;
    handled();
    if (client.data) open(client.data);
  }, [linked, client.data, client.isPending, handled, open]);
}

export function ClientsSection() {
  const clients = useOAuthClients();
  const now = useNow();
  const enable = useApiMutation('oauth.clients.update');
  const enableClient = enable.mutate;
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<OAuthClientSummary | null>(null);
  useLinkedClient(setEditing);
  const [disabling, setDisabling] = useState<OAuthClientSummary | null>(null);
  const [deleting, setDeleting] = useState<OAuthClientSummary | null>(null);
  const [rotating, setRotating] = useState<OAuthClientSummary | null>(null);
  const [machine, setMachine] = useState<OAuthClientSummary | null>(null);
  const [sorting, setSorting] = useState<SortingState>([{ id: 'name', desc: false }]);
  const list = useMemo(() => (clients.data?.pages ?? []).flatMap((p) => p.clients), [clients.data]);

  const columns = useMemo(
    () => [
      col.accessor('name', {
        header: 'Name',
        cell: (c) => {
          const k = c.row.original;
          return (
            <div className="min-w-0">
              <button
                type="button"
                onClick={() => setEditing(k)}
                className="block max-w-[12rem] cursor-pointer truncate text-left font-medium hover:underline"
                title={`Edit ${k.name}`}
              >
                {k.name}
              </button>
              <span className="block max-w-[12rem] truncate font-mono text-[11px] text-muted" title={k.clientId}>
                {k.clientId}
              </span>
            </div>
          );
        },
      }),
      col.accessor('type', {
        header: 'Type',
        cell: (c) => <span className="text-[13px]">{c.getValue() === 'confidential' ? 'Confidential' : 'Public'}</span>,
      }),
      col.accessor('method', {
        header: 'Registered',
        cell: (c) => (
          <Badge tone="neutral" title={methodExplain[c.getValue()]}>
            {methodLabel[c.getValue()]}
          </Badge>
        ),
      }),
      col.accessor((k) => k.redirectHosts.join(', '), {
        id: 'redirectHosts',
        header: 'Redirect hosts',
        cell: (c) => {
          const hosts = c.row.original.redirectHosts;
          return hosts.length === 0 ? (
            <span className="text-muted">—</span>
          ) : (
            <span className="block max-w-[10rem] truncate font-mono text-[12px]" title={c.row.original.redirectUris.join('\n')}>
              {hosts.join(', ')}
            </span>
          );
        },
      }),
      col.accessor((k) => k.grantTypes.join(','), {
        id: 'grantTypes',
        header: 'Grant types',
        enableSorting: false,
        cell: (c) => (
          <span className="block max-w-[10rem] text-[13px] leading-tight whitespace-normal text-muted">
            {c.row.original.grantTypes.map((g) => grantLabel[g] ?? g).join(', ')}
          </span>
        ),
      }),
      col.accessor((k) => k.activeGrants * 1000 + k.liveTokens, {
        id: 'standing',
        header: 'Standing access',
        cell: (c) => <StandingAccessCell client={c.row.original} />,
      }),
      col.accessor((k) => time(k.lastUsedAt), {
        id: 'lastUsedAt',
        header: 'Last used',
        cell: (c) => {
          const iso = c.row.original.lastUsedAt;
          return iso ? <RelativeTime iso={iso} now={now} /> : <span className="text-muted">Never</span>;
        },
      }),
      col.accessor('disabled', {
        header: 'Status',
        cell: (c) => (c.getValue() ? <Badge tone="danger">Disabled</Badge> : <Badge tone="ok">Active</Badge>),
      }),
      col.display({
        id: 'actions',
        header: () => <span className="sr-only">Actions</span>,
        cell: (c) => {
          const k = c.row.original;
          return (
            <Menu
              label={`Actions for ${k.name}`}
              align="end"
              trigger={
                <Button size="icon" variant="ghost" aria-label={`Actions for ${k.name}`}>
                  <MoreHorizontal aria-hidden="true" className="size-4" />
                </Button>
              }
            >
              <MenuItem onSelect={() => setEditing(k)}>Edit</MenuItem>
              {k.type === 'confidential' ? <MenuItem onSelect={() => setRotating(k)}>Rotate secret</MenuItem> : null}
              {canToggleMachineAccess(k) ? (
                <MenuItem onSelect={() => setMachine(k)}>{k.machineAccess ? 'Turn off machine access' : 'Turn on machine access'}</MenuItem>
              ) : null}
              {k.disabled ? (
                <MenuItem onSelect={() => enableClient({ clientId: k.clientId, disabled: false })}>Enable</MenuItem>
              ) : (
                <MenuItem onSelect={() => setDisabling(k)}>Disable</MenuItem>
              )}
              <MenuSeparator />
              <MenuItem className="text-danger" onSelect={() => setDeleting(k)}>
                Delete
              </MenuItem>
            </Menu>
          );
        },
      }),
    ],
    [now, enableClient],
  );

  const table = useReactTable({
    data: list,
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
  });

  const createButton = (
    <Button variant="primary" onClick={() => setCreating(true)}>
      <Plus aria-hidden="true" className="size-4" />
      Create client
    </Button>
  );

  const empty = (
    <EmptyState icon={AppWindow} title="No OAuth clients yet" actions={createButton}>
      When an MCP app such as Claude Code or the MCP Inspector connects to an exposed server, it registers itself
      and appears here. Create a client yourself for a service account (client credentials) or an app you
      configure by hand.
    </EmptyState>
  );

  return (
    <section aria-labelledby="oauth-clients-title">
      <SectionHeader id="oauth-clients-title" title="Registered clients" actions={list.length > 0 ? createButton : undefined}>
        Apps that sign in with OAuth. MCP apps usually register themselves (DCR or CIMD); create one here for a service
        account or an app you configure by hand.
      </SectionHeader>
      <ErrorAlert error={enable.error} lead="The client could not be enabled." className="mb-3" />
      <QueryStates query={clients} loading="Loading clients…" what="The OAuth clients" isEmpty={list.length === 0} empty={empty}>
        <DataTable table={table} label="OAuth clients" cellClassName="h-12 py-1.5" onRowOpen={(row) => setEditing(row.original)} />
        <LoadMore query={clients} label="Load more clients" className="mt-2 flex justify-end" />
      </QueryStates>
      <CreateClientDialog open={creating} onOpenChange={setCreating} />
      <EditClientDialog target={editing} onClose={() => setEditing(null)} />
      <DisableClientDialog target={disabling} onClose={() => setDisabling(null)} />
      <DeleteClientDialog target={deleting} onClose={() => setDeleting(null)} />
      <RotateSecretDialog target={rotating} onClose={() => setRotating(null)} />
      <MachineAccessDialog target={machine} onClose={() => setMachine(null)} />
    </section>
  );
}
