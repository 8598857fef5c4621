import { useMemo } from 'react';
import { Loading, LoadError } from '../../components/ui/load-error';
import { PageHeader } from '../../components/ui/page-header';
import { useKeyList } from '../keys/use-keys';
import { useOAuthClients } from '../oauth/use-oauth';
import { DefaultLimit } from './default-limit';
import { PrincipalLimits } from './principal-limits';
import type { Principal } from './use-principal-limit';
import { LiveBuckets } from './live-buckets';
import { Section } from './section';
import { ToolLimits } from './tool-limits';
import { useSettings } from './use-settings';

export function RateLimitsPage() {
  const settings = useSettings();
  const keys = useKeyList();
  const apps = useOAuthClients();
  const principals = useMemo<Principal[]>(
    () => [
      ...(keys.data ?? [])
        .filter((k) => k.status === 'active' || k.status === 'rotating')
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((k) => ({ kind: 'key' as const, id: k.id, name: k.name, rateLimit: k.rateLimit })),
      ...(apps.data ?? [])
        .filter((c) => !c.disabled)
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((c) => ({ kind: 'app' as const, id: c.clientId, name: c.name, rateLimit: c.rateLimit })),
    ],
    [keys.data, apps.data],
  );

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
          <Section id="default-limit" title="Default" description="For every key and MCP app without a limit of its own.">
            <DefaultLimit
              key={JSON.stringify(settings.data.defaultRateLimit)}
              current={settings.data.defaultRateLimit}
            />
          </Section>
          <Section
            id="key-limits"
            title="Per key and app"
            description="An API key's or an OAuth app's own limit replaces the default for it. OAuth apps are the MCP apps that sign in through the gateway."
          >
            {keys.isError ? (
              <LoadError what="The keys" error={keys.error} onRetry={() => void keys.refetch()} />
            ) : apps.isError ? (
              <LoadError what="The OAuth apps" error={apps.error} onRetry={() => void apps.refetch()} />
            ) : (
              <PrincipalLimits principals={principals} fallback={settings.data.defaultRateLimit} />
            )}
          </Section>
          <Section id="tool-limits" title="Per tool" description="Extra limits on matching tools, on top of each key's or app's limit.">
            <ToolLimits limits={settings.data.toolRateLimits} />
          </Section>
          <Section id="buckets" title="Live bucket levels" description="Calls left in each bucket right now; refreshed every 2 seconds.">
            <LiveBuckets />
          </Section>
        </div>
      )}
    </div>
  );
}
