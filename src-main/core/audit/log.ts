import { stmt, type Database } from '../db/connection';
import { SqlError, type Sql } from '../db/sql';
import { sqliteHandle, toSql, type Store } from '../db/store';
import { currentActor } from './actor';
import { stderrLogger, type Logger } from '../log';

export interface AuditEvent {
  ts?: number;
  action: string;
  actor?: string | null;
  principalType?: string | null;
  principalId?: string | null;
  server?: string | null;
  tool?: string | null;
  decision?: string | null;
  reason?: string | null;
  latencyMs?: number | null;
  method?: string | null;
  outcome?: string | null;
  /** Tool arguments, already redacted; stored only when the admin opted in. */
  arguments?: unknown;
  /** Never a secret: callers pass ids and names only. */
  detail?: Record<string, unknown> | null;
}

/** A few events wait at most this long to be written. */
const FLUSH_MS = 50;
/**
 * Rows that start a background write in the next turn of the event loop: about 0.1 ms
 * of SQLite work (commit included), so a message that arrives mid-write waits at most
 * that long. Bigger slices cost less per row but stall longer: a 64-row slice took
 * 1.3 ms inside a busy guard here, and the message that met it waited.
 */
const SLICE = 16;
/**
 * Under sustained load (a slice's worth queued again within PACE_MS of the last write)
 * the next write waits PACE_MS, so rows batch up (cheaper per row: the commit is shared)
 * and the relay has the thread in between; at most MAX_SLICE rows per transaction.
 */
const PACE_MS = 1;
const MAX_SLICE = 256;
/** Events kept in memory while the database is locked by another process; beyond it the oldest go. */
const MAX_QUEUE = 100_000;

/**
 * The audit writer. Events are queued and written in one transaction per slice, so
 * recording never blocks the message path; `flush` writes what is queued now (the
 * admin actions that must be on record before they answer call it).
 */
export class AuditLog {
  /**
   * Who events recorded outside an admin call are by: the process's own work. The CLI
   * and the guard say so; the app and serve (drift watch, retention) stay `system`.
   */
  defaultActor = 'system';
  private queue: AuditEvent[] = [];
  private dropped = 0;
  private timer: NodeJS.Timeout | null = null;
  /** The timer is the pause between slices under load (not the wait for a few events). */
  private pacing = false;
  private lastWrite = -Infinity;
  private nextSlice: NodeJS.Immediate | null = null;
  private readonly sql: Sql;
  /** SQLite only: the connection whose busy timeout the background writer lifts. */
  private readonly db: Database | null;
  private readonly busyTimeout: number;

  constructor(
    store: Store,
    private readonly log: Logger = stderrLogger(),
  ) {
    this.sql = toSql(store);
    this.db = sqliteHandle(store);
    // A PRAGMA takes effect when prepared, not when run: set each time, it costs a few µs.
    this.busyTimeout = this.db ? (this.db.pragma('busy_timeout', { simple: true }) as number) : 0;
  }

  /** The background writer's batch did not go in: queued again for a passing lock, else reported and dropped. */
  private failed(batch: AuditEvent[], e: unknown): void {
    if (!passing(e)) {
      // Not a passing lock (a read-only or broken database): say so, drop the batch,
      // and keep relaying. A timer's exception would otherwise end the process.
      this.log.error(`audit: could not record ${batch.length} events: ${(e as Error).message}`, { event: 'audit_write_failed', events: batch.length });
      return;
    }
    this.queue = batch.concat(this.queue);
    if (this.queue.length > MAX_QUEUE) {
      this.dropped += this.queue.length - MAX_QUEUE;
      this.queue.splice(0, this.queue.length - MAX_QUEUE);
    }
    this.after(FLUSH_MS);
  }

  private writeBatch(batch: AuditEvent[]): void {
    // SQLite: the prepared statement itself, as before the store interface (a row costs
    // about 1 µs less than through it, measured); PostgreSQL: the store interface.
    const insert = this.db ? stmt(this.db, INSERT_SQL) : null;
    this.sql.tx(() => {
      for (const e of batch) {
        const values = [
          e.ts,
          e.action,
          orNull(e.actor),
          orNull(e.principalType),
          orNull(e.principalId),
          orNull(e.server),
          orNull(e.tool),
          orNull(e.decision),
          orNull(e.reason),
          orNull(e.latencyMs),
          e.detail ? JSON.stringify(e.detail) : null,
          orNull(e.method),
          orNull(e.outcome),
          e.arguments === undefined || e.arguments === null ? null : JSON.stringify(e.arguments),
        ];
        if (insert) insert.run(...values);
        else this.sql.run(INSERT_SQL, values);
      }
    });
  }

  /** Queues the event (the object itself: callers pass a fresh one, and its time is set here). */
  record(event: AuditEvent): void {
    event.ts ??= Date.now();
    event.actor ??= currentActor() ?? this.defaultActor;
    this.queue.push(event);
    if (this.queue.length >= SLICE) this.soon();
    else if (!this.timer && !this.nextSlice) this.after(FLUSH_MS);
  }

  /** The next slice, after what the event loop is doing now (a message in flight goes first). */
  private soon(): void {
    if (this.nextSlice || this.pacing) return;
    if (this.timer) clearTimeout(this.timer);
    if (performance.now() - this.lastWrite < PACE_MS) return this.after(PACE_MS);
    this.timer = null;
    this.nextSlice = setImmediate(() => {
      this.nextSlice = null;
      this.flush(false);
    });
    this.nextSlice.unref();
  }

  private after(ms: number): void {
    this.pacing = ms === PACE_MS;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.pacing = false;
      this.flush(false);
    }, ms);
    this.timer.unref();
  }

  /**
   * Writes queued events now: all of them with `wait` (the default), or one slice with
   * `wait` false (the background writer), which never waits for another process's write
   * lock either: a busy database leaves the slice queued for the next try, so the relay's
   * thread is never parked on SQLite's busy timeout.
   */
  flush(wait = true): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
      this.pacing = false;
    }
    if (this.nextSlice) {
      clearImmediate(this.nextSlice);
      this.nextSlice = null;
    }
    if (this.queue.length === 0 || (this.db && !this.db.open)) return;
    const size = Math.min(MAX_SLICE, this.queue.length);
    const whole = wait || this.queue.length <= size;
    const batch = whole ? this.queue : this.queue.slice(0, size);
    this.queue = whole ? [] : this.queue.slice(size);
    if (this.dropped > 0) {
      batch.push({ ts: Date.now(), action: 'audit.dropped', reason: `${this.dropped} events dropped while the database was busy` });
      this.dropped = 0;
    }
    if (!wait) this.db?.pragma('busy_timeout = 0');
    try {
      this.writeBatch(batch);
    } catch (e) {
      if (wait) throw e;
      this.failed(batch, e);
      return;
    } finally {
      if (!wait) this.db?.pragma(`busy_timeout = ${this.busyTimeout}`);
    }
    this.lastWrite = performance.now();
    if (this.queue.length >= SLICE) this.after(PACE_MS);
    else if (this.queue.length > 0) this.after(FLUSH_MS);
  }
}

const INSERT_SQL = `INSERT INTO audit_events (ts, action, actor, principal_type, principal_id, server, tool, decision, reason, latency_ms, detail, method, outcome, arguments)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** A lock held by another writer, or (PostgreSQL) a database out of reach for a moment: the batch stays queued. */
const passing = (e: unknown): boolean =>
  e instanceof SqlError
    ? e.kind === 'busy' || e.kind === 'unavailable' || e.kind === 'serialization' || e.kind === 'timeout'
    : (e as { code?: string }).code === 'SQLITE_BUSY';

const orNull = <T>(v: T | undefined): T | null => v ?? null;
