import type { RateLimit, RateBucket } from '../../../src-shared/model/rate-limit';
import type { Sql } from '../db/sql';
import { stmt, type Database } from '../db/connection';
import { translate } from '../db/sql-translate';
import { sqliteHandle, toSql, type Store } from '../db/store';

export const WINDOW_MS: Record<RateLimit['window'], number> = { second: 1000, minute: 60_000, hour: 3_600_000 };

export type Take = { ok: true } | { ok: false; retryAfterMs: number };

/** Every granted take answers with this one object: the hot path allocates nothing. */
const TAKEN: Take = Object.freeze({ ok: true });

export interface BucketRow {
  bucket: string;
  tokens: number;
  updated_at: number;
}

/**
 * A limit of at least 2 × LEASE_SHARE calls per window is drawn in leases: one UPSERT
 * takes 1/LEASE_SHARE of the limit, and this process spends it without SQLite for up to
 * LEASE_MS; what is left then goes back to the bucket. A process never holds more than
 * one lease per bucket, so it can be off by at most 1% of the limit either way: tokens
 * it holds that others cannot use, or tokens drawn a moment before they are spent.
 * Smaller limits are exact: one UPSERT per call.
 */
const LEASE_SHARE = 100;
const LEASE_MS = 1000;

interface Lease {
  left: number;
  until: number;
  cap: number;
  rate: number;
}

// @cap, @want, @rate (tokens per ms) and @back are cast to DOUBLE PRECISION, @now to
// BIGINT: PostgreSQL cannot tell a bare placeholder's type inside LEAST or arithmetic.
// The old row's columns are named with the table (PostgreSQL: `excluded` has them too).
const CAP = 'CAST(@cap AS DOUBLE PRECISION)';
const WANT = 'CAST(@want AS DOUBLE PRECISION)';
const NOW = 'CAST(@now AS BIGINT)';
const LEVEL = `LEAST(${CAP}, rate_buckets.tokens + GREATEST(0, ${NOW} - rate_buckets.updated_at) * CAST(@rate AS DOUBLE PRECISION) + CAST(@back AS DOUBLE PRECISION))`;
const GRANTED = `CASE WHEN ${LEVEL} >= 1 THEN LEAST(${WANT}, FLOOR(${LEVEL})) ELSE 0 END`;
/**
 * Refill by elapsed time, give back what an expired lease of this process left (@back),
 * then grant up to @want tokens if there are that many (at least one, or none). last_ok
 * holds the tokens granted.
 */
const TAKE_SQL = `INSERT INTO rate_buckets (bucket, tokens, updated_at, last_ok) VALUES (@bucket, ${CAP} - LEAST(${WANT}, ${CAP}), ${NOW}, LEAST(${WANT}, ${CAP}))
       ON CONFLICT(bucket) DO UPDATE SET
         tokens = ${LEVEL} - ${GRANTED},
         last_ok = ${GRANTED},
         updated_at = GREATEST(rate_buckets.updated_at, ${NOW})
       RETURNING tokens, last_ok`;
const GIVE_BACK_SQL = `UPDATE rate_buckets SET tokens = LEAST(${CAP}, tokens + CAST(@back AS DOUBLE PRECISION)) WHERE bucket = @bucket`;
// The Rate limits screen shows the buckets used last: a range of rate_buckets_updated.
export const LIST_SQL = `SELECT bucket, tokens, updated_at FROM rate_buckets WHERE updated_at <= ${Number.MAX_SAFE_INTEGER} ORDER BY updated_at DESC LIMIT ?`;

/**
 * Token buckets in the store (SQLite or PostgreSQL), so every process (app, CLI, one guard
 * per server, every replica) draws from the same bucket. A take is one UPSERT, atomic
 * under SQLite's write lock and PostgreSQL's row lock:
 * refill by elapsed time, give back what an expired lease left, then grant up to
 * @want tokens if there are that many (at least one, or none).
 * Capacity is the limit (a full window's burst); refill is limit per window.
 */
export class RateLimiter {
  private readonly sql: Sql;
  /** SQLite: the connection, whose prepared take skips the store interface (a few µs a take, measured). */
  private readonly db: Database | null;
  private readonly leases = new Map<string, Lease>();
  private sweepTimer: NodeJS.Timeout | null = null;

  constructor(
    store: Store,
    private readonly now: () => number = Date.now,
  ) {
    this.sql = toSql(store);
    this.db = sqliteHandle(store);
  }

  private upsert(values: { bucket: string; cap: number; rate: number; now: number; want: number; back: number }): { tokens: number; last_ok: number } | undefined {
    // all() (or run() on the interface), not get(): on SQLite get() resets the statement
    // after the RETURNING row, and SQLite commits only then; a commit that fails (a full
    // disk) was lost, and the call went through without its token ever being taken.
    const rows = this.db ? stmt(this.db, translate(TAKE_SQL, 'sqlite').text).all(values) : this.sql.run(TAKE_SQL, values).rows;
    return rows[0] as { tokens: number; last_ok: number } | undefined;
  }

  take(bucket: string, limit: RateLimit): Take {
    const now = this.now();
    const window = WINDOW_MS[limit.window];
    const rate = limit.limit / window;
    const want = Math.floor(limit.limit / LEASE_SHARE);
    let back = 0;
    const lease = this.leases.get(bucket);
    if (lease) {
      if (lease.left > 0 && now < lease.until && lease.cap === limit.limit && lease.rate === rate) {
        lease.left--;
        return TAKEN;
      }
      back = lease.left;
      this.leases.delete(bucket);
    }
    const row = this.upsert({ bucket, cap: limit.limit, rate, now, want: Math.max(1, want), back });
    if (!row) throw new Error('the rate limit bucket returned no row');
    if (row.last_ok >= 1) {
      if (want >= 2) {
        this.leases.set(bucket, { left: row.last_ok - 1, until: now + Math.min(LEASE_MS, window), cap: limit.limit, rate });
        this.scheduleSweep();
      }
      return TAKEN;
    }
    return { ok: false, retryAfterMs: Math.ceil((1 - row.tokens) / rate) };
  }

  /** Gives back what this process's leases left unspent (on close: another process may use them). */
  release(): void {
    if (this.sweepTimer) clearTimeout(this.sweepTimer);
    this.sweepTimer = null;
    for (const [bucket, lease] of this.leases) {
      if (lease.left > 0) this.sql.run(GIVE_BACK_SQL, { bucket, cap: lease.cap, back: lease.left });
    }
    this.leases.clear();
  }

  private scheduleSweep(): void {
    if (this.sweepTimer) return;
    this.sweepTimer = setTimeout(() => {
      this.sweepTimer = null;
      this.sweep();
    }, LEASE_MS + 100);
    this.sweepTimer.unref();
  }

  /**
   * Gives back what leases that ran out (no call for LEASE_MS) left unspent, so that a
   * bucket, and the Rate limits screen, shows what was really used once calls stop.
   */
  private sweep(): void {
    const now = this.now();
    try {
      for (const [bucket, lease] of this.leases) {
        if (lease.until > now) continue;
        if (lease.left > 0) this.sql.run(GIVE_BACK_SQL, { bucket, cap: lease.cap, back: lease.left });
        this.leases.delete(bucket);
      }
    } catch {
      return; // busy past the timeout or closed: the bucket's next take gives the rest back (@back)
    }
    if (this.leases.size > 0) this.scheduleSweep();
  }

  /** The `limit` buckets used most recently, and the principals they belong to. */
  recent(limit: number): { rows: BucketRow[]; principalIds: string[] } {
    const rows = this.sql.all<BucketRow>(LIST_SQL, [limit]);
    return { rows, principalIds: [...new Set(rows.map((r) => parseBucket(r.bucket).principalId))] };
  }

  /** Levels of those buckets, refilled to now, for the Rate limits screen. */
  levels(rows: BucketRow[], limitOf: (bucket: string) => RateLimit | null, nameOf: (principalId: string) => string | null): RateBucket[] {
    const now = this.now();
    const out: RateBucket[] = [];
    for (const row of rows) {
      const limit = limitOf(row.bucket);
      if (!limit) continue;
      const parsed = parseBucket(row.bucket);
      const rate = limit.limit / WINDOW_MS[limit.window];
      out.push({
        bucket: row.bucket,
        principalId: parsed.principalId,
        principalName: nameOf(parsed.principalId),
        tool: parsed.server === null ? null : `${parsed.server}:${parsed.tool}`,
        tokens: Math.min(limit.limit, row.tokens + Math.max(0, now - row.updated_at) * rate),
        capacity: limit.limit,
        window: limit.window,
        updatedAt: new Date(row.updated_at).toISOString(),
      });
    }
    return out;
  }
}

/**
 * `p:<principal>` or `t:<principal>:<server>:<tool>`. The principal is URI-encoded: a
 * CIMD client's id is an https URL, and its colons must not split the name.
 */
export function principalBucket(principalId: string): string {
  let name = bucketNames.get(principalId);
  if (name === undefined) {
    if (bucketNames.size >= 10_000) bucketNames.clear();
    bucketNames.set(principalId, (name = `p:${encodeURIComponent(principalId)}`));
  }
  return name;
}
/** Built on every metered call otherwise: a string per message. */
const bucketNames = new Map<string, string>();
export function toolBucket(principalId: string, server: string, tool: string): string {
  return `t:${encodeURIComponent(principalId)}:${server}:${tool}`;
}
export function parseBucket(bucket: string): { principalId: string; server: string | null; tool: string | null } {
  const parts = bucket.split(':');
  const principalId = safeDecode(parts[1] ?? '');
  return parts[0] === 't' ? { principalId, server: parts[2] ?? '', tool: parts.slice(3).join(':') } : { principalId, server: null, tool: null };
}
function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function describeRetry(ms: number): string {
  if (ms < 1000) return 'in under a second';
  const s = Math.ceil(ms / 1000);
  if (s < 120) return `in ${s} s`;
  return `in ${Math.ceil(s / 60)} min`;
}
