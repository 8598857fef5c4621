import { rateWindows, type RateLimit } from '../../../src-preload/contract';
import { Input, Select } from '../../components/ui/field';

/** What the fields hold while typed: the number stays text until checked. */
export interface RateDraft {
  limit: string;
  window: RateLimit['window'];
}

export function toDraft(r: RateLimit | null, fallback: RateDraft = { limit: '60', window: 'minute' }): RateDraft {
  return r ? { limit: String(r.limit), window: r.window } : fallback;
}

/** The limit, or an error message a person can act on. */
export function parseDraft(d: RateDraft): RateLimit | string {
  const n = Number(d.limit.trim());
  if (!/^\d+$/.test(d.limit.trim()) || n < 1 || n > 1_000_000) return 'A whole number from 1 to 1,000,000.';
  return { limit: n, window: d.window };
}

export function describeLimit(r: RateLimit | null): string {
  return r ? `${r.limit.toLocaleString()} per ${r.window}` : 'unlimited';
}

/** "N calls per window": a number box and a window select. */
export function RateLimitFields({
  value,
  onChange,
  label,
  disabled,
  errorId,
}: {
  value: RateDraft;
  onChange: (d: RateDraft) => void;
  label: string;
  disabled?: boolean;
  errorId?: string;
}) {
  return (
    <span className="inline-flex items-center gap-2">
      <Input
        aria-label={`${label}: calls`}
        inputMode="numeric"
        className="w-24"
        value={value.limit}
        disabled={disabled}
        aria-invalid={errorId ? true : undefined}
        aria-describedby={errorId}
        onChange={(e) => onChange({ ...value, limit: e.target.value })}
      />
      <span className="text-sm text-muted">per</span>
      <Select
        aria-label={`${label}: per`}
        value={value.window}
        disabled={disabled}
        onChange={(e) => onChange({ ...value, window: e.target.value as RateLimit['window'] })}
      >
        {rateWindows.map((w) => (
          <option key={w} value={w}>
            {w}
          </option>
        ))}
      </Select>
    </span>
  );
}
