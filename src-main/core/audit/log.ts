import type { Database } from '../db/connection';

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

const MAX_BATCH = 200;
const FLUSH_MS = 50;
/**
 * Rows per transaction when flushing in the background: about 0.4 ms of SQLite work, so a
 * message that arrives mid-flush waits at most that long; the rest follows after the
 * event loop has had a turn.
 */
const SLICE = 64;
/** Events kept in memory while the database is locked by another process; beyond it the oldest go. */
const MAX_QUEUE = 100_000;

/**
 * The audit writer. Events are queued and written in one transaction per batch, so
 * recording never blocks the message path; `flush` writes what is queued now (the
 * admin actions that must be on record before they answer call it).
 */
export class AuditLog {
  private queue: AuditEvent[] = [];
  private dropped = 0;
  private timer: NodeJS.Timeout | null = null;
  private nextSlice: NodeJS.Immediate | null = null;
  private readonly insert;

  constructor(
    private readonly db: Database,
    private readonly report: (line: string) => void = (line) => process.stderr.write(`gatehouse: ${line}\n`),
  ) {
    this.insert = db.prepare(
      `INSERT INTO audit_events (ts, action, actor, principal_type, principal_id, server, tool, decision, reason, latency_ms, detail, method, outcome, arguments)
       VALUES (@ts, @action, @actor, @principalType, @principalId, @server, @tool, @decision, @reason, @latencyMs, @detail, @method, @outcome, @arguments)`,
    );
  }

  record(event: AuditEvent): void {
    this.queue.push({ ...event, ts: event.ts ?? Date.now() });
    if (this.queue.length >= MAX_BATCH) this.flush(false);
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(false), FLUSH_MS);
      this.timer.unref();
    }
  }

  /**
   * Writes every queued event now. With `wait` false (the timer's flush) it never waits
   * for another process's write lock: a busy database leaves the batch queued for the
   * next try, so the relay's thread is never parked on SQLite's busy timeout.
   */
  flush(wait = true): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.nextSlice) {
      clearImmediate(this.nextSlice);
      this.nextSlice = null;
    }
    if (this.queue.length === 0 || !this.db.open) return;
    // An explicit flush writes everything; the background one a slice at a time.
    const whole = wait || this.queue.length <= SLICE;
    const batch = whole ? this.queue : this.queue.slice(0, SLICE);
    this.queue = whole ? [] : this.queue.slice(SLICE);
    if (this.dropped > 0) {
      batch.push({ ts: Date.now(), action: 'audit.dropped', reason: `${this.dropped} events dropped while the database was busy` });
      this.dropped = 0;
    }
    const previousTimeout = wait ? null : (this.db.pragma('busy_timeout', { simple: true }) as number);
    if (previousTimeout !== null) this.db.pragma('busy_timeout = 0');
    try {
      this.writeBatch(batch);
    } catch (e) {
      if (wait) throw e;
      if ((e as { code?: string }).code !== 'SQLITE_BUSY') {
        // Not a passing lock (a read-only or broken database): say so, drop the batch,
        // and keep relaying. A timer's exception would otherwise end the process.
        this.report(`audit: could not record ${batch.length} events: ${(e as Error).message}`);
        return;
      }
      this.queue = batch.concat(this.queue);
      if (this.queue.length > MAX_QUEUE) {
        this.dropped += this.queue.length - MAX_QUEUE;
        this.queue.splice(0, this.queue.length - MAX_QUEUE);
      }
      this.timer = setTimeout(() => this.flush(false), FLUSH_MS);
      this.timer.unref();
      return;
    } finally {
      if (previousTimeout !== null) this.db.pragma(`busy_timeout = ${previousTimeout}`);
    }
    if (this.queue.length > 0) {
      this.nextSlice = setImmediate(() => {
        this.nextSlice = null;
        this.flush(false);
      });
      this.nextSlice.unref();
    }
  }

  private writeBatch(batch: AuditEvent[]): void {
    this.db
      .transaction(() => {
        for (const e of batch) {
          this.insert.run({
            ts: e.ts,
            action: e.action,
            actor: e.actor ?? null,
            principalType: e.principalType ?? null,
            principalId: e.principalId ?? null,
            server: e.server ?? null,
            tool: e.tool ?? null,
            decision: e.decision ?? null,
            reason: e.reason ?? null,
            latencyMs: e.latencyMs ?? null,
            detail: e.detail ? JSON.stringify(e.detail) : null,
            method: e.method ?? null,
            outcome: e.outcome ?? null,
            arguments: e.arguments === undefined || e.arguments === null ? null : JSON.stringify(e.arguments),
          });
        }
      })
      .immediate();
  }
}
