import { ExternalLink, Inbox } from 'lucide-react';
import { Badge } from '../../components/ui/badge';
import { EmptyState } from '../../components/ui/empty-state';
import { LoadError } from '../../components/ui/load-error';
import { RelativeTime } from '../../components/ui/relative-time';
import { useNow } from '../../lib/use-now';
import { urls } from '../gateway/urls';
import { serverOfResource } from './labels';
import { useOAuthSettings, usePendingConsents } from './use-oauth';

function hostOf(uri: string | null): string | null {
  if (!uri) return null;
  try {
    return new URL(uri).host;
  } catch {
    return uri;
  }
}

export function ConsentsSection() {
  const pending = usePendingConsents();
  const settings = useOAuthSettings();
  const now = useNow(5_000);
  const issuer = settings.data?.issuer ?? null;
  const list = pending.data ?? [];

  return (
    <section aria-labelledby="oauth-consents-title">
      <div className="mb-3">
        <h2 id="oauth-consents-title" className="text-[15px] font-semibold">
          Pending consent requests
        </h2>
        <p className="text-[13px] text-muted">
          Apps waiting for you to click Allow or Deny on the consent page. This list refreshes every 5 seconds.
        </p>
      </div>
      {pending.isPending ? (
        <p className="py-10 text-center text-sm text-muted" aria-live="polite">
          Loading requests…
        </p>
      ) : pending.isError ? (
        <LoadError what="The pending requests" error={pending.error} onRetry={() => void pending.refetch()} />
      ) : list.length === 0 ? (
        <EmptyState icon={Inbox} title="No app is waiting for consent">
          When an MCP app starts an OAuth sign-in to an exposed server, its request shows here until you allow or deny
          it in the browser.
        </EmptyState>
      ) : (
        <ul className="space-y-2" aria-label="Pending consent requests">
          {list.map((c) => {
            const host = hostOf(c.redirectUri);
            return (
              <li key={c.uid} className="flex items-start justify-between gap-4 rounded-lg border border-border px-4 py-3">
                <div className="min-w-0 space-y-1">
                  <p className="text-sm">
                    <strong className="font-semibold">{c.clientName ?? c.clientId}</strong> asks to use{' '}
                    {c.resources.length === 0
                      ? 'no particular server'
                      : c.resources.map((r, i) => (
                          <span key={r}>
                            {i > 0 ? ', ' : ''}
                            <em className="font-medium not-italic">{serverOfResource(r)}</em>
                          </span>
                        ))}
                  </p>
                  <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-[13px] text-muted">
                    {host ? (
                      <span>
                        returns to <strong className="font-semibold text-fg">{host}</strong>
                      </span>
                    ) : null}
                    {c.scopes.map((s) => (
                      <Badge key={s} tone="neutral">
                        <span className="font-mono">{s}</span>
                      </Badge>
                    ))}
                    {c.createdAt ? <RelativeTime iso={c.createdAt} now={now} prefix="asked" /> : null}
                    {c.expiresAt ? <RelativeTime iso={c.expiresAt} now={now} prefix="expires" /> : null}
                  </p>
                </div>
                {issuer ? (
                  <a
                    href={urls.consent(issuer, c.uid)}
                    target="_blank"
                    rel="noopener noreferrer"
                    title="Opens the consent page; it works in the browser session that started the sign-in"
                    className="inline-flex h-8 shrink-0 items-center gap-1.5 rounded-md border border-border-strong px-3 text-sm font-medium hover:bg-surface-2"
                  >
                    <ExternalLink aria-hidden="true" className="size-3.5" />
                    Open consent page
                  </a>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
