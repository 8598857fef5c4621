import { History, RotateCcw, ShieldCheck, ShieldOff } from 'lucide-react';
import type { ClientApp, ClientConfig, KeySummary } from '../../../src-preload/contract';
import { Alert } from '../../components/ui/alert';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { PlainTable, type PlainColumn } from '../../components/ui/plain-table';
import { errorMessage } from '../../lib/api';
import { choosable, type ChangeMode } from './change-dialog';
import { ClientStatusBadge } from './client-status-badge';
import { useApiMutation } from '../../lib/use-api-mutation';

export interface Notice {
  tone: 'info' | 'warning' | 'danger';
  text: string;
}

export interface CardActions {
  onChange: (mode: ChangeMode, app: ClientApp, config: ClientConfig, servers: string[]) => void;
  onBackups: (app: ClientApp, config: ClientConfig) => void;
  onNotice: (app: ClientApp, notice: Notice) => void;
}

/** "3 protected · 1 unprotected" over every config of the app. */
export function countStatuses(app: ClientApp) {
  const n = { protected: 0, unprotected: 0, drifted: 0 };
  for (const c of app.configs) for (const s of c.servers) n[s.status] += 1;
  return n;
}

const columns: PlainColumn[] = [
  { label: 'Server', className: 'px-4' },
  { label: 'Launches', className: 'w-2/5 px-3' },
  { label: 'Status' },
  { label: 'Key' },
  { label: 'Actions', hidden: true, className: 'px-4 text-right' },
];

function ConfigBlock({
  app,
  config,
  keyNames,
  actions,
}: {
  app: ClientApp;
  config: ClientConfig;
  keyNames: Map<string, string>;
  actions: CardActions;
}) {
  const reapply = useApiMutation('clients.reapply');
  const canProtect = choosable('protect', config).filter((s) => !s.cannotProtect);
  const canUnprotect = choosable('unprotect', config);
  const drifted = config.servers.filter((s) => s.status === 'drifted' && s.driftReason !== 'unrecorded');

  function runReapply() {
    reapply.mutate(
      { client: app.id, configPath: config.path },
      {
        onSuccess: (r) => {
          if (r.errors.length) {
            actions.onNotice(app, { tone: 'danger', text: r.errors.map((e) => e.message).join(' ') });
            return;
          }
          const notice = r.changes.find((c) => c.restartNotice)?.restartNotice;
          actions.onNotice(app, { tone: 'info', text: `Re-applied Gatehouse’s entries. ${notice ?? ''}`.trim() });
        },
        onError: (e) => actions.onNotice(app, { tone: 'danger', text: errorMessage(e) }),
      },
    );
  }

  return (
    <section aria-label={`Config ${config.path}`} className="border-t border-border first:border-t-0">
      <div className="flex flex-wrap items-center gap-2 px-4 py-2.5">
        <span className="min-w-0 flex-1 truncate font-mono text-[12px] text-muted" title={config.path}>
          {config.path}
        </span>
        {config.scope === 'project' ? <Badge tone="neutral">project</Badge> : null}
        {!config.exists ? <Badge tone="neutral">no file yet</Badge> : null}
        <div className="flex items-center gap-1">
          {drifted.length ? (
            <Button size="sm" variant="primary" onClick={runReapply} disabled={reapply.isPending}>
              <RotateCcw aria-hidden="true" className="size-3.5" />
              {reapply.isPending ? 'Re-applying…' : 'Re-apply'}
            </Button>
          ) : null}
          {canProtect.length && !config.error ? (
            <Button size="sm" onClick={() => actions.onChange('protect', app, config, canProtect.map((s) => s.name))}>
              <ShieldCheck aria-hidden="true" className="size-3.5" />
              Protect…
            </Button>
          ) : null}
          {canUnprotect.length && !config.error ? (
            <Button size="sm" variant="ghost" onClick={() => actions.onChange('unprotect', app, config, [])}>
              <ShieldOff aria-hidden="true" className="size-3.5" />
              Unprotect…
            </Button>
          ) : null}
          <Button size="sm" variant="ghost" onClick={() => actions.onBackups(app, config)} aria-label={`Backups of ${config.path}`}>
            <History aria-hidden="true" className="size-3.5" />
            Backups
          </Button>
        </div>
      </div>
      {config.error ? (
        <div className="px-4 pb-3">
          <Alert tone="danger">
            <p className="font-medium">This file could not be read, so Gatehouse will not change it.</p>
            <p>{config.error.message}</p>
            <p className="mt-1">Or restore a backup of it, then press Look again.</p>
          </Alert>
        </div>
      ) : config.servers.length === 0 ? (
        <p className="px-4 pb-3 text-[13px] text-muted">
          {config.exists
            ? `No MCP servers in this file. Add servers in ${app.name}, then protect them here.`
            : `${app.name} has not written this file yet. Add a server in ${app.name} first.`}
        </p>
      ) : (
        <PlainTable columns={columns} headClassName="border-y bg-surface">
          {config.servers.map((s) => (
            <tr key={s.name} aria-label={s.name} className="border-b border-border last:border-b-0">
              <td className="h-10 px-4 font-medium">
                {s.name}
                {s.registryName && s.registryName !== s.name ? (
                  <span className="ml-1.5 font-mono text-[12px] font-normal text-muted" title="The name Gatehouse's rules and the guard use for it">
                    → {s.registryName}
                  </span>
                ) : null}
              </td>
              <td className="max-w-0 px-3">
                <span className="block truncate font-mono text-[12px] text-muted" title={s.target}>
                  {s.target || '—'}
                </span>
              </td>
              <td className="px-3 whitespace-nowrap">
                <ClientStatusBadge entry={s} />
              </td>
              <td className="px-3 text-[13px] whitespace-nowrap text-muted">
                {s.keyId ? (keyNames.get(s.keyId) ?? <span className="font-mono">{s.keyId}</span>) : '—'}
              </td>
              <td className="px-4 text-right whitespace-nowrap">
                {s.status === 'unprotected' ? (
                  s.cannotProtect ? (
                    <span className="text-[13px] text-muted" title={s.cannotProtect}>
                      Cannot protect yet
                    </span>
                  ) : (
                    <Button size="sm" onClick={() => actions.onChange('protect', app, config, [s.name])} aria-label={`Protect ${s.name}`}>
                      Protect
                    </Button>
                  )
                ) : (
                  <Button size="sm" variant="ghost" onClick={() => actions.onChange('unprotect', app, config, [s.name])} aria-label={`Unprotect ${s.name}`}>
                    Unprotect
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </PlainTable>
      )}
    </section>
  );
}

export function ClientCard({
  app,
  keys,
  notice,
  actions,
}: {
  app: ClientApp;
  keys: KeySummary[];
  notice: Notice | null;
  actions: CardActions;
}) {
  const n = countStatuses(app);
  const keyNames = new Map(keys.map((k) => [k.id, k.name]));
  const headingId = `client-${app.id}`;
  return (
    <article aria-labelledby={headingId} className="overflow-hidden rounded-lg border border-border bg-bg">
      <header className="flex flex-wrap items-center gap-2 border-b border-border bg-surface px-4 py-3">
        <h2 id={headingId} className="text-[15px] font-semibold">
          {app.name}
        </h2>
        {n.protected ? <Badge tone="ok">{n.protected} protected</Badge> : null}
        {n.unprotected ? <Badge tone="neutral">{n.unprotected} unprotected</Badge> : null}
        {n.drifted ? <Badge tone="warn">{n.drifted} drifted</Badge> : null}
        {app.cliPath ? (
          <span className="ml-auto font-mono text-[12px] text-muted" title="Its command-line tool">
            {app.cliPath}
          </span>
        ) : null}
      </header>
      {app.warning || notice ? (
        <div className="space-y-2 px-4 pt-3 pb-1">
          {app.warning ? (
            <Alert tone="warning">
              {app.warning.charAt(0).toUpperCase() + app.warning.slice(1)}. Gatehouse will not guess which: protect the
              servers of the file {app.name} really uses, below.
            </Alert>
          ) : null}
          {notice ? (
            <div role="status">
              <Alert tone={notice.tone}>{notice.text}</Alert>
            </div>
          ) : null}
        </div>
      ) : null}
      {app.configs.map((c) => (
        <ConfigBlock key={c.path} app={app} config={c} keyNames={keyNames} actions={actions} />
      ))}
    </article>
  );
}
