import type { AuditMinute } from '../../../src-preload/contract';

const HOUR = 3_600_000;

export interface HourBin {
  start: number;
  allowed: number;
  denied: number;
  rate_limited: number;
  error: number;
}

/** The per-minute counts of the last 24 h, bucketed into 24 hours ending with the current one. */
export function toHours(minutes: AuditMinute[], now: number = Date.now()): HourBin[] {
  const last = Math.floor(now / HOUR) * HOUR;
  const first = last - 23 * HOUR;
  const bins: HourBin[] = Array.from({ length: 24 }, (_, i) => ({ start: first + i * HOUR, allowed: 0, denied: 0, rate_limited: 0, error: 0 }));
  for (const m of minutes) {
    const t = new Date(m.minute).getTime();
    if (Number.isNaN(t) || t < first) continue;
    const bin = bins[Math.min(23, Math.floor((t - first) / HOUR))]!;
    bin.allowed += m.allowed;
    bin.denied += m.denied;
    bin.rate_limited += m.rate_limited;
    bin.error += m.error;
  }
  return bins;
}

export function totals(bins: HourBin[]) {
  const t = { calls: 0, allowed: 0, denied: 0, rate_limited: 0, error: 0 };
  for (const b of bins) {
    t.allowed += b.allowed;
    t.denied += b.denied;
    t.rate_limited += b.rate_limited;
    t.error += b.error;
  }
  t.calls = t.allowed + t.denied + t.rate_limited + t.error;
  return t;
}
