import { Activity } from 'lucide-react';
import type { RateBucket } from '../../../src-preload/contract';
import { LoadError } from '../../components/ui/load-error';
import { cn } from '../../lib/cn';
import { useRateBuckets } from './use-settings';

function BucketBar({ b }: { b: RateBucket }) {
  const tokens = Math.max(0, Math.min(b.capacity, b.tokens));
  const pct = b.capacity > 0 ? (tokens / b.capacity) * 100 : 0;
  const tone = pct <= 10 ? 'bg-danger' : pct <= 40 ? 'bg-warn-fg' : 'bg-ok-fg';
  const who = b.principalName ?? b.principalId;
  const what = b.tool ?? 'all calls';
  return (
    <li className="grid grid-cols-[minmax(10rem,14rem)_minmax(10rem,16rem)_1fr_10rem] items-center gap-3 py-1.5">
      <span className="truncate text-sm font-medium" title={b.principalId}>
        {who}
      </span>
      <span className="truncate font-mono text-[12px] text-muted" title={what}>
        {what}
      </span>
      <span
        role="meter"
        aria-label={`${who}, ${what}: tokens left`}
        aria-valuemin={0}
        aria-valuemax={b.capacity}
        aria-valuenow={Math.floor(tokens)}
        aria-valuetext={`${Math.floor(tokens)} of ${b.capacity} calls left per ${b.window}`}
        className="h-2 overflow-hidden rounded-full bg-surface-2"
      >
        <span className={cn('block h-full rounded-full transition-[width] duration-500', tone)} style={{ width: `${pct}%` }} />
      </span>
      <span className="text-right text-[13px] text-muted tabular-nums">
        {Math.floor(tokens)} / {b.capacity} <span className="text-xs">per {b.window}</span>
      </span>
    </li>
  );
}

/** Token buckets as they stand, refreshed every 2 s. Full buckets are the quiet ones. */
export function LiveBuckets() {
  const buckets = useRateBuckets();
  if (buckets.isPending) return <p className="text-[13px] text-muted">Loading buckets…</p>;
  if (buckets.isError) return <LoadError what="The bucket levels" error={buckets.error} onRetry={() => void buckets.refetch()} />;
  if (buckets.data.length === 0) {
    return (
      <p className="flex items-center gap-2 text-[13px] text-muted">
        <Activity aria-hidden="true" className="size-4" />
        No buckets yet. They appear once a limited key calls a tool through Gatehouse.
      </p>
    );
  }
  return (
    <ul aria-label="Bucket levels" className="divide-y divide-border">
      {buckets.data.map((b) => (
        <BucketBar key={b.bucket} b={b} />
      ))}
    </ul>
  );
}
