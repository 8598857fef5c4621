import { useCallback, useState } from 'react';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { FileInput, Plus, Server } from 'lucide-react';
import type { ServerSummary } from '../../../src-preload/contract';
import { Button } from '../../components/ui/button';
import { EmptyState } from '../../components/ui/empty-state';
import { QueryStates } from '../../components/ui/load-error';
import { PageHeader } from '../../components/ui/page-header';
import { useLinkedSearch } from '../../lib/use-linked-search';
import { useNow } from '../../lib/use-now';
import { AddServerDialog } from './add-server-dialog';
import { EditServerDialog } from './edit-server-dialog';
import { ImportClaudeDialog } from './import-claude-dialog';
import { RemoveServerDialog } from './remove-server-dialog';
import { GatewaySessionsSection } from './gateway-sessions-section';
import { ServerRow } from './server-row';
import { useServerList } from './use-servers';

export function ServersPage() {
  const servers = useServerList();
  const now = useNow();
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const [removing, setRemoving] = useState<ServerSummary | null>(null);
  const [editing, setEditing] = useState<ServerSummary | null>(null);
  const list = servers.data ?? [];
  // A link (the search palette) to a server, one of its tools, or its HTTP settings.
  const navigate = useNavigate({ from: '/servers' });
  const clear = useCallback(() => void navigate({ search: {}, replace: true }), [navigate]);
  const { linked } = useLinkedSearch(useSearch({ from: '/servers' }), clear);

  const actions = (
    <>
      <Button onClick={() => setImporting(true)}>
        <FileInput aria-hidden="true" className="size-4" />
        Import from Claude Desktop
      </Button>
      <Button variant="primary" onClick={() => setAdding(true)}>
        <Plus aria-hidden="true" className="size-4" />
        Add server
      </Button>
    </>
  );

  const empty = (
    <EmptyState icon={Server} title="No servers yet" actions={actions}>
      Add the MCP servers your apps use, or import the ones Claude Desktop already starts. Then discover their
      tools and choose which keys may call them.
    </EmptyState>
  );

  return (
    <div className="mx-auto max-w-6xl px-6 py-5">
      <PageHeader
        title="Servers"
        description="The MCP servers Gatehouse protects, and the tools each one offers."
        actions={list.length > 0 ? actions : undefined}
      />
      <QueryStates query={servers} loading="Loading servers…" what="The servers" isEmpty={list.length === 0} empty={empty}>
        <ul className="space-y-3">
          {[...list]
            .sort((a, b) => a.name.localeCompare(b.name))
            .map((s) => (
              <ServerRow key={s.id} server={s} now={now} onEdit={() => setEditing(s)} onRemove={() => setRemoving(s)} linked={linked?.server === s.name ? linked : null} />
            ))}
        </ul>
      </QueryStates>
      <GatewaySessionsSection now={now} />
      <AddServerDialog open={adding} onOpenChange={setAdding} />
      <ImportClaudeDialog open={importing} onOpenChange={setImporting} />
      <RemoveServerDialog target={removing} onClose={() => setRemoving(null)} />
      <EditServerDialog server={editing} onClose={() => setEditing(null)} />
    </div>
  );
}
