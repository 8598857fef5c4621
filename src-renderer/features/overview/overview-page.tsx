// Overview: what is protected (per client app), what happened in the last 24 h, and
// what needs action now. Each empty part says what to do next.
import { useMemo, useState, type ReactNode } from 'react';
import { Link } from '@tanstack/react-router';
import { useQuery } from '@tanstack/react-query';
import { AlertTriangle, AppWindow, ArrowRight, CheckCircle2, ShieldCheck } from 'lucide-react';
import type { ClientApp, KeySummary, SystemStatus } from '../../../src-preload/contract';
import type { OAuthPendingConsent } from '../../../src-preload/contract-oauth';
import { Badge } from '../../components/ui/badge';
import { Button } from '../../components/ui/button';
import { LoadError } from '../../components/ui/load-error';
import { Panel } from '../../components/ui/panel';
import { PageHeader } from '../../components/ui/page-header';
import { useSystemStatus } from '../../app/use-system-status';
import { apiQuery } from '../../lib/api-cache';
import { exact, relative } from '../../lib/dates';
import { masterKeyAdvice } from '../../lib/master-key-advice';
import { useNow } from '../../lib/use-now';
import { driftText } from '../client-apps/client-status-badge';
import { countStatuses } from '../client-apps/client-card';
import { useClientList, useFirstRun } from '../client-apps/use-clients';
import { firstRunSkipped, setFirstRunSkipped } from '../first-run/skip';
import { useExpiringKeys, useHasKeys, useKeysByIds } from '../keys/use-keys';
import { serverOfResource } from '../oauth/labels';
import { usePendingConsents } from '../oauth/use-oauth';
import { totals, toHours } from './activity';
import { ActivityChart } from './activity-chart';
import { keySecretWarnings, RepatchButton } from './key-secret-warnings';

const WEEK = 7 * 24 * 3_600_000;
const linkButton =
  'inline-flex h-8 shrink-0 items-center gap-1.5 rounded-md px-3 text-sm font-medium whitespace-nowrap transition-colors';
const primaryLink = `${linkButton} bg-accent text-accent-fg hover:bg-accent-hover`;
/** An inline link readable in both themes (the accent colour is too dark on the dark background). */
const textLink = 'text-[13px] font-medium text-fg underline decoration-border-strong underline-offset-2 hover:decoration-fg';
const secondaryLink = `${linkButton} border border-border-strong bg-bg text-fg hover:bg-surface-2`;

/** A panel's "Open <screen>" link, top right. */
function OpenLink({ to, children }: { to: '/clients' | '/audit'; children: ReactNode }) {
  return (
    <Link to={to} className={textLink}>
      {children}
    </Link>
  );
}

function FirstRunOffer({ servers, onSkip }: { servers: number; onSkip: () => void }) {
  return (
    <section
      aria-labelledby="first-run-offer"
      className="mb-4 flex flex-wrap items-center gap-4 rounded-lg border border-accent bg-surface px-5 py-4"
    >
      <ShieldCheck aria-hidden="true" className="size-8 shrink-0 text-accent" />
      <div className="min-w-0 flex-1">
        <h2 id="first-run-offer" className="text-[15px] font-semibold">
          Protect Claude Desktop in two minutes
        </h2>
        <p className="text-[13px] text-muted">
          Claude Desktop starts {servers} {servers === 1 ? 'server' : 'servers'} that Gatehouse does not guard yet. Choose them,
          get one key, see the change, apply.
        </p>
      </div>
      <div className="flex items-center gap-2">
        <Button variant="ghost" onClick={onSkip}>
          Skip for now
        </Button>
        <Link to="/first-run" className={primaryLink}>
          Start
          <ArrowRight aria-hidden="true" className="size-4" />
        </Link>
      </div>
    </section>
  );
}

function ClientsPanel({ apps, offerAgain }: { apps: ClientApp[]; offerAgain: boolean }) {
  const installed = apps.filter((a) => a.installed);
  return (
    <Panel id="ov-clients" title="Client apps" action={<OpenLink to="/clients">Open Clients</OpenLink>}>
      {installed.length === 0 ? (
        <div className="flex flex-col items-center py-4 text-center">
          <AppWindow aria-hidden="true" className="mb-2 size-6 text-muted" />
          <p className="text-sm font-medium">No MCP client apps found</p>
          <p className="max-w-sm text-[13px] text-muted">
            Install an app such as Claude Desktop or Cursor and add an MCP server to it; Clients then offers to protect it.
          </p>
        </div>
      ) : (
        <ul className="divide-y divide-border">
          {installed.map((a) => {
            const n = countStatuses(a);
            const total = n.protected + n.unprotected + n.drifted;
            return (
              <li key={a.id} aria-label={a.name} className="flex items-center gap-3 py-2 text-sm">
                <span className="w-36 shrink-0 font-medium">{a.name}</span>
                <div className="flex flex-1 flex-wrap items-center gap-1.5">
                  {total === 0 ? <span className="text-[13px] text-muted">No servers</span> : null}
                  {n.protected ? <Badge tone="ok">{n.protected} protected</Badge> : null}
                  {n.unprotected ? <Badge tone="neutral">{n.unprotected} unprotected</Badge> : null}
                  {n.drifted ? <Badge tone="warn">{n.drifted} drifted</Badge> : null}
                </div>
                {total > 0 ? (
                  <span
                    aria-hidden="true"
                    className="flex h-1.5 w-24 shrink-0 overflow-hidden rounded-full bg-surface-2"
                    title={`${n.protected} of ${total} protected`}
                  >
                    <span className="bg-ok-fg" style={{ width: `${(n.protected / total) * 100}%` }} />
                    <span className="bg-warn-fg" style={{ width: `${(n.drifted / total) * 100}%` }} />
                  </span>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      {offerAgain ? (
        <p className="mt-2 text-[13px] text-muted">
          <Link to="/first-run" className={textLink}>
            Protect Claude Desktop in two minutes
          </Link>
        </p>
      ) : null}
    </Panel>
  );
}

interface Warning {
  id: string;
  text: ReactNode;
  link?: { to: '/clients' | '/keys' | '/settings'; label: string } | { to: '/oauth'; label: string; search: { tab: 'consents' } };
  /** A config holding a rotated key's old secret: the button writes the new one. */
  repatchKeyId?: string;
}

/** Sign-ins waiting for an answer come first: they are gone in 10 minutes. */
function consentWarnings(consents: OAuthPendingConsent[]): Warning[] {
  return consents.map((c) => {
    const servers = c.resources.map(serverOfResource);
    return {
      id: `consent-${c.uid}`,
      text: (
        <>
          <strong className="font-semibold">{c.clientName ?? c.clientId}</strong> waits for your answer to sign in
          {servers.length ? ` (${servers.join(', ')})` : ''}.
        </>
      ),
      link: { to: '/oauth', label: 'Answer', search: { tab: 'consents' } },
    };
  });
}

function warningsOf(apps: ClientApp[], keys: KeySummary[], status: SystemStatus | undefined, now: number): Warning[] {
  const out: Warning[] = [];
  for (const a of apps) {
    for (const c of a.configs) {
      const drifted = c.servers.filter((s) => s.status === 'drifted');
      if (!drifted.length) continue;
      out.push({
        id: `drift-${c.path}`,
        text: (
          <>
            <strong className="font-semibold">{a.name}</strong> config drifted: {drifted.map((s) => `${s.name} (${driftText(s.driftReason)})`).join(', ')}.{' '}
            <span className="font-mono text-[12px] break-all text-muted">{c.path}</span>
          </>
        ),
        link: { to: '/clients', label: 'Re-apply in Clients' },
      });
    }
    for (const c of a.configs) {
      if (c.error) {
        out.push({
          id: `invalid-${c.path}`,
          text: (
            <>
              <strong className="font-semibold">{a.name}</strong> config cannot be read: {c.error.message}
            </>
          ),
          link: { to: '/clients', label: 'Open Clients' },
        });
      }
    }
  }
  for (const k of keys) {
    if (k.status !== 'active' && k.status !== 'rotating') continue;
    if (!k.expiresAt) continue;
    const left = new Date(k.expiresAt).getTime() - now;
    if (left > 0 && left <= WEEK) {
      out.push({
        id: `expiry-${k.id}`,
        text: (
          <>
            Key <strong className="font-semibold">{k.name}</strong> expires{' '}
            <time dateTime={k.expiresAt} title={exact(k.expiresAt)}>
              {relative(k.expiresAt, now)}
            </time>
            . Rotate it before then.
          </>
        ),
        link: { to: '/keys', label: 'Open API keys' },
      });
    }
  }
  for (const w of keySecretWarnings(apps, keys, now)) out.push({ id: w.id, text: w.text, repatchKeyId: w.keyId });
  if (status?.masterKeyWeak) {
    out.push({
      id: 'master-key',
      text: <>The master key is in a key file next to the data, the weakest place. {masterKeyAdvice(status).text}</>,
      link: { to: '/settings', label: 'Open Settings' },
    });
  }
  return out;
}

/** What needs action now: waiting sign-ins first, then the warnings. */
function AttentionPanel({ warnings, clients, checking }: { warnings: Warning[]; clients: ReturnType<typeof useClientList>; checking: boolean }) {
  return (
        <Panel id="ov-attention" title="Needs attention">
          {clients.isError ? (
            <LoadError what="The client apps" error={clients.error} onRetry={() => void clients.refetch()} />
          ) : warnings.length === 0 ? (
            <p className="flex items-center gap-2 text-sm text-muted">
              <CheckCircle2 aria-hidden="true" className="size-4 text-ok-fg" />
              {checking ? 'Checking…' : 'Nothing needs your attention.'}
            </p>
          ) : (
            <ul aria-label="Warnings" className="space-y-2">
              {warnings.map((w) => (
                <li key={w.id} className="flex items-start gap-2 rounded-md border border-warn-border bg-warn-bg px-3 py-2 text-[13px] text-warn-fg">
                  <AlertTriangle aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
                  <span className="min-w-0 flex-1 text-fg">{w.text}</span>
                  {w.link ? (
                    <Link to={w.link.to} search={'search' in w.link ? w.link.search : undefined} className="shrink-0 font-medium whitespace-nowrap text-warn-fg underline">
                      {w.link.label}
                    </Link>
                  ) : null}
                  {w.repatchKeyId ? <RepatchButton keyId={w.repatchKeyId} /> : null}
                </li>
              ))}
            </ul>
          )}
        </Panel>
  );
}

/** Calls, denials and rate-limit hits of the last 24 hours. */
function ActivityPanel({ now }: { now: number }) {
  const activity = useQuery({ ...apiQuery('audit.perMinute', { minutes: 1440 }), refetchInterval: 60_000 });
  const bins = activity.data ? toHours(activity.data, now) : null;
  const t = bins ? totals(bins) : null;
  return (
        <Panel id="ov-activity" title="Last 24 hours" action={<OpenLink to="/audit">Open Audit</OpenLink>}>
          {activity.isError ? (
            <LoadError what="The activity" error={activity.error} onRetry={() => void activity.refetch()} />
          ) : !bins || !t ? (
            <p className="h-36 text-[13px] text-muted">Loading…</p>
          ) : (
            <>
              <dl className="mb-3 grid grid-cols-3 gap-3">
                {[
                  ['Calls', t.calls, 'text-fg'],
                  ['Denials', t.denied, t.denied ? 'text-danger' : 'text-fg'],
                  ['Rate-limit hits', t.rate_limited, t.rate_limited ? 'text-warn-fg' : 'text-fg'],
                ].map(([label, value, tone]) => (
                  <div key={label as string}>
                    <dt className="text-[12px] text-muted">{label}</dt>
                    <dd className={`text-xl font-semibold tabular-nums ${tone as string}`}>{value}</dd>
                  </div>
                ))}
              </dl>
              {t.calls === 0 ? (
                <p className="rounded-md border border-dashed border-border-strong px-3 py-4 text-center text-[13px] text-muted">
                  No calls in the last 24 hours. Protect a client app’s servers and use it: its calls show here.
                </p>
              ) : (
                <ActivityChart bins={bins} summary={`${t.calls} calls, ${t.denied} denied, ${t.rate_limited} rate limited`} />
              )}
            </>
          )}
        </Panel>
  );
}

/** Whether to offer the first run (a banner), or only a link to it again. */
function useFirstRunOffer() {
  const firstRun = useFirstRun();
  const [skipped, setSkipped] = useState(firstRunSkipped);
  const fr = firstRun.data;
  const show = fr?.needed === true && !skipped;
  return {
    show,
    again: !show && (fr?.claudeDesktop?.unprotected.length ?? 0) > 0 && !fr?.claudeDesktop?.warning,
    servers: fr?.claudeDesktop?.unprotected.length ?? 0,
    skip: () => {
      setFirstRunSkipped(true);
      setSkipped(true);
    },
  };
}

/**
 * Only the keys the warnings name, never the whole list: live keys expiring within a
 * week, and the keys whose old secret a client config still holds.
 */
function useWarnedKeys(apps: ClientApp[] | undefined, now: number) {
  const expiring = useExpiringKeys(now + WEEK);
  const heldIds = useMemo(
    () =>
      (apps ?? []).flatMap((a) =>
        a.configs.flatMap((c) => c.servers.flatMap((s) => (s.keyId && (s.keySecret?.state === 'grace' || s.keySecret?.state === 'retired') ? [s.keyId] : []))),
      ),
    [apps],
  );
  const held = useKeysByIds(heldIds);
  const data = useMemo(() => {
    const byId = new Map<string, KeySummary>();
    for (const k of [...(expiring.data ?? []), ...(held.data ?? [])]) byId.set(k.id, k);
    return [...byId.values()];
  }, [expiring.data, held.data]);
  return { data, isPending: expiring.isPending || (heldIds.length > 0 && held.isPending) };
}

export function OverviewPage() {
  const clients = useClientList();
  const consents = usePendingConsents();
  const status = useSystemStatus();
  const now = useNow();
  const keys = useWarnedKeys(clients.data, now);
  const hasKeys = useHasKeys();
  const offer = useFirstRunOffer();
  const showOffer = offer.show;
  const offerAgain = offer.again;
  const warnings = [...consentWarnings(consents.data ?? []), ...warningsOf(clients.data ?? [], keys.data ?? [], status.data, now)];

  return (
    <div className="mx-auto max-w-6xl px-6 py-5">
      <PageHeader title="Overview" description="What is protected, what happened in the last 24 hours, and what needs your attention." />
      {showOffer ? <FirstRunOffer servers={offer.servers} onSkip={offer.skip} /> : null}

      <div className="grid gap-4 lg:grid-cols-2">
        <AttentionPanel warnings={warnings} clients={clients} checking={clients.isPending || keys.isPending} />
        <ActivityPanel now={now} />

        <div className="lg:col-span-2">
          {clients.isPending ? (
            <p className="text-sm text-muted">Looking for client apps…</p>
          ) : clients.data ? (
            <ClientsPanel apps={clients.data} offerAgain={offerAgain} />
          ) : null}
        </div>
      </div>
      {status.data && hasKeys.data === false && !showOffer ? (
        <p className="mt-4 text-[13px] text-muted">
          No API keys yet.{' '}
          <Link to="/keys" className={secondaryLink}>
            Create a key
          </Link>
        </p>
      ) : null}
    </div>
  );
}
