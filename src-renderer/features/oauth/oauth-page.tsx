import { Link, useSearch } from '@tanstack/react-router';
import { PageHeader } from '../../components/ui/page-header';
import { cn } from '../../lib/cn';
import { ClientsSection } from './clients-section';
import { ConsentsSection } from './consents-section';
import { GrantsSection } from './grants-section';
import { oauthTabs } from './oauth-search';
import { ResourceServersSection } from './resource-servers-section';
import { SettingsSection } from './settings-section';
import { usePendingConsents } from './use-oauth';

export function OAuthPage() {
  const search = useSearch({ from: '/oauth' });
  const tab = search.tab ?? 'clients';
  const pending = usePendingConsents();
  const waiting = pending.data?.length ?? 0;

  return (
    <div className="mx-auto max-w-6xl px-6 py-5">
      <PageHeader
        title="OAuth"
        description="The authorization server built into Gatehouse: the apps that sign in with OAuth, what you granted them, and how tokens are issued."
      />
      <nav aria-label="OAuth sections" className="mb-5 border-b border-border">
        <ul className="-mb-px flex flex-wrap gap-1">
          {oauthTabs.map((t) => {
            const active = t.value === tab;
            return (
              <li key={t.value}>
                <Link
                  to="/oauth"
                  search={{ tab: t.value }}
                  aria-current={active ? 'page' : undefined}
                  className={cn(
                    'inline-flex h-9 items-center gap-1.5 border-b-2 px-3 text-sm',
                    active ? 'border-accent font-medium text-fg' : 'border-transparent text-muted hover:text-fg',
                  )}
                >
                  {t.label}
                  {t.value === 'consents' && waiting > 0 ? (
                    <>
                      <span aria-hidden="true" className="rounded-full bg-accent px-1.5 text-[11px] font-semibold text-accent-fg">
                        {waiting}
                      </span>
                      <span className="sr-only">({waiting} waiting)</span>
                    </>
                  ) : null}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      {tab === 'clients' ? (
        <ClientsSection />
      ) : tab === 'grants' ? (
        <GrantsSection />
      ) : tab === 'consents' ? (
        <ConsentsSection />
      ) : tab === 'settings' ? (
        <SettingsSection />
      ) : (
        <ResourceServersSection server={search.server} />
      )}
    </div>
  );
}
