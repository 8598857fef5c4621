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
  /** Never a secret: callers pass ids and names only. */
  detail?: Record<string, unknown> | null;
}

const MAX_BATCH = 200;
const FLUSH_MS = 50;

/**
 * The audit writer. Events are queued and written in one transaction per batch, so
 * recording never blocks the message path; `flush` writes what is queued now (the
 * admin actions that must be on record before they answer call it).
 */
export class AuditLog {
  private queue: AuditEvent[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly insert;

  constructor(private readonly db: Database) {
    this.insert = db.prepare(
      `INSERT INTO audit_events (ts, action, actor, principal_type, principal_id, server, tool, decision, reason, latency_ms, detail)
       VALUES (@ts, @action, @actor, @principalType, @principalId, @server, @tool, @decision, @reason, @latencyMs, @detail)`,
    );
  }

  record(event: AuditEvent): void {
    this.queue.push({ ...event, ts: event.ts ?? Date.now() });
    if (this.queue.length >= MAX_BATCH) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), FLUSH_MS);
      this.timer.unref();
    }
  }

  /** Writes every queued event now; synchronous. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.queue.length === 0 || !this.db.open) return;
    const batch = this.queue;
    this.queue = [];
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
          });
        }
      })
      .immediate();
  }
}
