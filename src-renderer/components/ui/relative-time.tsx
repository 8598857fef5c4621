import { exact, relative } from '../../lib/dates';

/** A relative date ("3 min ago") with the exact time on hover. */
export function RelativeTime({ iso, now, prefix }: { iso: string; now: number; prefix?: string }) {
  return (
    <time dateTime={iso} title={exact(iso)}>
      {prefix ? `${prefix} ` : ''}
      {relative(iso, now)}
    </time>
  );
}
