import { useDeferredValue, useMemo, useState } from 'react';
import { SearchField } from '../../components/ui/search-field';
import { Loading, LoadError } from '../../components/ui/load-error';
import { PageHeader } from '../../components/ui/page-header';
import { useKeySearch } from '../keys/use-keys';
import { useOAuthClientSearch } from '../oauth/use-oauth';
import { DefaultLimit } from './default-limit';
import { PrincipalLimits } from './principal-limits';
import type { Principal } from './use-principal-limit';
import { LiveBuckets } from './live-buckets';
import { Panel } from '../../components/ui/panel';
import { ToolLimits } from './tool-limits';
import { useSettings } from './use-settings';

/** Keys and apps listed at once; the search box finds the others on the server. */
const SHOWN = 50;

export function RateLimitsPage() {
  const settings = useSettings();
  const [searchText, setSearchText] = useState('');
  const search = useDeferredValue(searchText.trim());
  const keys = useKeySearch(search, { live: true, limit: SHOWN });
  const apps = useOAuthClientSearch(search, SHOWN);
  const principals = useMemo<Principal[]>(
    () => [
      ...(keys.data ?? []).map((k) => ({ kind: 'key' as const, id: k.id, name: k.name, rateLimit: k.rateLimit })),
      ...(apps.data ?? [])
        .filter((c) => !c.disabled)
        .map((c) => ({ kind: 'app' as const, id: c.clientId, name: c.name, rateLimit: c.rateLimit })),
    ],
    [keys.data, apps.data],
  );
  const more = (keys.data?.length ?? 0) >= SHOWN || (apps.data?.length ?? 0) >= SHOWN;

  return (
    <div className="mx-auto max-w-5xl px-6 py-5">
      <PageHeader
        title="Rate limits"
        description="How often each key and MCP app may call tools. A call over a limit gets an error that says when to retry."
      />
      {settings.isPending ? (
        <Loading>Loading limits…</Loading>
      ) : settings.isError ? (
        <LoadError what="The limits" error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <div className="space-y-4">
          <Panel id="default-limit" title="Default" description="For every key and MCP app without a limit of its own.">
            <DefaultLimit
              key={JSON.stringify(settings.data.defaultRateLimit)}
              current={settings.data.defaultRateLimit}
            />
          </Panel>
          <Panel
            id="key-limits"
            title="Per key and app"
            description="An API key's or an OAuth app's own limit replaces the default for it. OAuth apps are the MCP apps that sign in through the gateway."
          >
            {keys.isError ? (
              <LoadError what="The keys" error={keys.error} onRetry={() => void keys.refetch()} />
            ) : apps.isError ? (
              <LoadError what="The OAuth apps" error={apps.error} onRetry={() => void apps.refetch()} />
            ) : (
              <div className="space-y-2">
                <div role="search" className="flex flex-wrap items-center gap-3">
                  <SearchField
                    id="limit-search"
                    label="Find keys and apps by name"
                    className="w-64"
                    placeholder="Find keys and apps by name…"
                    value={searchText}
                    onChange={setSearchText}
                  />
                  <span className="text-[13px] text-muted" aria-live="polite">
                    {more ? `The first ${SHOWN} keys and apps by name${search ? ` starting with “${search}”` : ''}; type to find others.` : ''}
                  </span>
                </div>
                {search && principals.length === 0 ? (
                  <p className="text-[13px] text-muted">No active key or app name starts with “{search}”.</p>
                ) : (
                  <PrincipalLimits principals={principals} fallback={settings.data.defaultRateLimit} />
                )}
              </div>
            )}
          </Panel>
          <Panel id="tool-limits" title="Per tool" description="Extra limits on matching tools, on top of each key's or app's limit.">
            <ToolLimits limits={settings.data.toolRateLimits} />
          </Panel>
          <Panel id="buckets" title="Live bucket levels" description="Calls left right now in the 50 buckets used most recently; refreshed every 2 seconds.">
            <LiveBuckets />
          </Panel>
        </div>
      )}
    </div>
  );
}
