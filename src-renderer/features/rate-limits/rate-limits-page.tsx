import { useMemo } from 'react';
import { Loading, LoadError } from '../../components/ui/load-error';
import { PageHeader } from '../../components/ui/page-header';
import { useKeyList } from '../keys/use-keys';
import { DefaultLimit } from './default-limit';
import { KeyLimits } from './key-limits';
import { LiveBuckets } from './live-buckets';
import { Section } from './section';
import { ToolLimits } from './tool-limits';
import { useSettings } from './use-settings';

export function RateLimitsPage() {
  const settings = useSettings();
  const keys = useKeyList();
  const live = useMemo(
    () => (keys.data ?? []).filter((k) => k.status === 'active' || k.status === 'rotating').sort((a, b) => a.name.localeCompare(b.name)),
    [keys.data],
  );

  return (
    <div className="mx-auto max-w-5xl px-6 py-5">
      <PageHeader
        title="Rate limits"
        description="How often each key may call tools. A call over a limit gets an error that says when to retry."
      />
      {settings.isPending ? (
        <Loading>Loading limits…</Loading>
      ) : settings.isError ? (
        <LoadError what="The limits" error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <div className="space-y-4">
          <Section id="default-limit" title="Default" description="For every key without a limit of its own.">
            <DefaultLimit
              key={JSON.stringify(settings.data.defaultRateLimit)}
              current={settings.data.defaultRateLimit}
            />
          </Section>
          <Section id="key-limits" title="Per key" description="A key's own limit replaces the default for that key.">
            {keys.isError ? (
              <LoadError what="The keys" error={keys.error} onRetry={() => void keys.refetch()} />
            ) : (
              <KeyLimits keys={live} fallback={settings.data.defaultRateLimit} />
            )}
          </Section>
          <Section id="tool-limits" title="Per tool" description="Extra limits on matching tools, on top of the key's limit.">
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
