import { useCallback, useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { AppWindow, RefreshCw } from 'lucide-react';
import type { ClientApp, ClientChange, ClientConfig } from '../../../src-preload/contract';
import { Button } from '../../components/ui/button';
import { EmptyState } from '../../components/ui/empty-state';
import { QueryStates } from '../../components/ui/load-error';
import { PageHeader } from '../../components/ui/page-header';
import { useLinkedSearch } from '../../lib/use-linked-search';
import { useKeysByIds } from '../keys/use-keys';
import { BackupsDialog, type BackupsTarget } from './backups-dialog';
import { ChangeDialog, choosable, type ChangeMode, type ChangeTarget } from './change-dialog';
import { ClientCard, type CardActions, type Notice } from './client-card';
import { useClientList } from './use-clients';

/** What a write leaves to do, in words: restart the app, or nothing. */
export function changeNotice(change: ClientChange, verb: string): Notice {
  if (!change.changed) return { tone: 'info', text: 'Nothing changed: the file already was like that.' };
  return {
    tone: change.restartRequired ? 'warning' : 'info',
    text: `${verb}.${change.restartNotice ? ` ${change.restartNotice}` : ''}`,
  };
}

/** A link (the search palette) to one config file, or to its Protect dialog. */
function useLinkedConfig(apps: ClientApp[] | undefined, setChange: (t: ChangeTarget) => void) {
  const navigate = useNavigate({ from: '/clients' });
  const clear = useCallback(() => void navigate({ search: {}, replace: true }), [navigate]);
  const { linked, handled } = useLinkedSearch(useSearch({ from: '/clients' }), clear);
  useEffect(() => {
    if (!linked?.config || !apps) return;
    handled();
    const app = apps.find((a) => a.configs.some((c) => c.path === linked.config));
    const config = app?.configs.find((c) => c.path === linked.config);
    if (!app || !config) return;
    document.querySelector(`[aria-label="Config ${CSS.escape(config.path)}"]`)?.scrollIntoView({ block: 'start' });
    const servers = choosable('protect', config).filter((x) => !x.cannotProtect).map((x) => x.name);
    if (linked.open === 'protect' && servers.length) setChange({ mode: 'protect', app, config, servers });
  }, [linked, apps, handled, setChange]);
}

export function ClientsPage() {
  const clients = useClientList();
  // Names of the keys the configs use, and only those.
  const keyIds = useMemo(
    () => (clients.data ?? []).flatMap((a) => a.configs.flatMap((c) => c.servers.flatMap((s) => (s.keyId ? [s.keyId] : [])))),
    [clients.data],
  );
  const keys = useKeysByIds(keyIds);
  const [change, setChange] = useState<ChangeTarget | null>(null);
  const [backups, setBackups] = useState<BackupsTarget | null>(null);
  const [notices, setNotices] = useState<Record<string, Notice>>({});
  useLinkedConfig(clients.data, setChange);

  const notify = useCallback((app: ClientApp, notice: Notice) => setNotices((n) => ({ ...n, [app.id]: notice })), []);
  const actions = useMemo<CardActions>(
    () => ({
      onChange: (mode: ChangeMode, app: ClientApp, config: ClientConfig, servers: string[]) => setChange({ mode, app, config, servers }),
      onBackups: (app: ClientApp, config: ClientConfig) => setBackups({ app, config }),
      onNotice: notify,
    }),
    [notify],
  );

  const all = clients.data ?? [];
  const installed = all.filter((a) => a.installed);
  const missing = all.filter((a) => !a.installed);

  const empty = (
    <EmptyState
      icon={AppWindow}
      title="No MCP client apps found"
      actions={
        <Button variant="primary" onClick={() => void clients.refetch()}>
          <RefreshCw aria-hidden="true" className="size-4" />
          Look again
        </Button>
      }
    >
      Gatehouse looks for {all.map((a) => a.name).join(', ')} in their usual places. Install one and add an MCP server to
      it, then look again.
    </EmptyState>
  );

  return (
    <div className="mx-auto max-w-6xl px-6 py-5">
      <PageHeader
        title="Clients"
        description="The MCP client apps on this computer, the servers each one starts, and whether Gatehouse guards them."
        actions={
          <Button onClick={() => void clients.refetch()} disabled={clients.isFetching}>
            <RefreshCw aria-hidden="true" className={clients.isFetching ? 'size-4 animate-spin' : 'size-4'} />
            {clients.isFetching ? 'Looking…' : 'Look again'}
          </Button>
        }
      />
      <QueryStates query={clients} loading="Looking for client apps…" what="The client apps" isEmpty={installed.length === 0} empty={empty}>
        <div className="space-y-4">
          {installed.map((app) => (
            <ClientCard key={app.id} app={app} keys={keys.data ?? []} notice={notices[app.id] ?? null} actions={actions} />
          ))}
          {missing.length ? (
            <p className="text-[13px] text-muted">Not found on this computer: {missing.map((a) => a.name).join(', ')}.</p>
          ) : null}
        </div>
      </QueryStates>
      <ChangeDialog
        target={change}
        onClose={() => setChange(null)}
        onApplied={(c, app) => notify(app, changeNotice(c, change?.mode === 'unprotect' ? `Unprotected ${c.servers.join(', ')}` : `Protected ${c.servers.join(', ')}`))}
      />
      <BackupsDialog
        target={backups}
        onClose={() => setBackups(null)}
        onRestored={(c, app) => notify(app, changeNotice(c, 'Restored the backup'))}
      />
    </div>
  );
}
