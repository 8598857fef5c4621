import type { RateLimit, RateBucket } from '../../../src-preload/contract';
import type { Database } from '../db/connection';

export const WINDOW_MS: Record<RateLimit['window'], number> = { second: 1000, minute: 60_000, hour: 3_600_000 };

export type Take = { ok: true; remaining: number } | { ok: false; retryAfterMs: number };

/**
 * Token buckets in SQLite, so every process (app, CLI, one guard per server) draws
 * from the same bucket. A take is one UPSERT, atomic under SQLite's write lock:
 * refill by elapsed time, then take a token if there is one.
 * Capacity is the limit (a full window's burst); refill is limit per window.
 */
export class RateLimiter {
  private readonly take_;
  private readonly list;

  constructor(
    db: Database,
    private readonly now: () => number = Date.now,
  ) {
    // @cap and @rate (tokens per ms) come from the limit; @now from the clock.
    const refill = 'min(@cap, tokens + max(0, @now - updated_at) * @rate)';
    this.take_ = db.prepare(
      `INSERT INTO rate_buckets (bucket, tokens, updated_at, last_ok) VALUES (@bucket, @cap - 1, @now, 1)
       ON CONFLICT(bucket) DO UPDATE SET
         tokens = CASE WHEN ${refill} >= 1 THEN ${refill} - 1 ELSE ${refill} END,
         last_ok = CASE WHEN ${refill} >= 1 THEN 1 ELSE 0 END,
         updated_at = max(updated_at, @now)
       RETURNING tokens, last_ok`,
    );
    this.list = db.prepare('SELECT bucket, tokens, updated_at FROM rate_buckets ORDER BY bucket');
  }

  take(bucket: string, limit: RateLimit): Take {
    const now = this.now();
    const rate = limit.limit / WINDOW_MS[limit.window];
    const row = this.take_.get({ bucket, cap: limit.limit, rate, now }) as { tokens: number; last_ok: number };
    if (row.last_ok === 1) return { ok: true, remaining: Math.floor(row.tokens) };
    return { ok: false, retryAfterMs: Math.ceil((1 - row.tokens) / rate) };
  }

  /** Current levels, refilled to now, for the Rate limits screen. */
  levels(limitOf: (bucket: string) => RateLimit | null, nameOf: (principalId: string) => string | null): RateBucket[] {
    const now = this.now();
    const out: RateBucket[] = [];
    for (const row of this.list.all() as { bucket: string; tokens: number; updated_at: number }[]) {
      const limit = limitOf(row.bucket);
      if (!limit) continue;
      const parsed = parseBucket(row.bucket);
      const rate = limit.limit / WINDOW_MS[limit.window];
      out.push({
        bucket: row.bucket,
        principalId: parsed.principalId,
        principalName: nameOf(parsed.principalId),
        tool: parsed.tool,
        tokens: Math.min(limit.limit, row.tokens + Math.max(0, now - row.updated_at) * rate),
        capacity: limit.limit,
        window: limit.window,
        updatedAt: new Date(row.updated_at).toISOString(),
      });
    }
    return out;
  }
}

/** `p:<principal>` or `t:<principal>:<server>:<tool>`. */
export function principalBucket(principalId: string): string {
  return `p:${principalId}`;
}
export function toolBucket(principalId: string, server: string, tool: string): string {
  return `t:${principalId}:${server}:${tool}`;
}
export function parseBucket(bucket: string): { principalId: string; tool: string | null } {
  const parts = bucket.split(':');
  return parts[0] === 't'
    ? { principalId: parts[1] ?? '', tool: parts.slice(2).join(':') }
    : { principalId: parts[1] ?? '', tool: null };
}

export function describeRetry(ms: number): string {
  if (ms < 1000) return 'in under a second';
  const s = Math.ceil(ms / 1000);
  if (s < 120) return `in ${s} s`;
  return `in ${Math.ceil(s / 60)} min`;
}
