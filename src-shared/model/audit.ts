// The audit log: its events, pages, filters and the per-minute chart.

export const auditDecisions = ['allowed', 'denied', 'rate_limited', 'error'] as const;
export type AuditDecision = (typeof auditDecisions)[number];

/** Which events: all given fields must match (times are ISO 8601). */
export interface AuditFilters {
  since?: string;
  until?: string;
  principalId?: string;
  server?: string;
  tool?: string;
  decision?: AuditDecision;
}

export interface AuditQuery extends AuditFilters {
  /** Only events after this cursor (the previous page's nextCursor). */
  cursor?: string;
  limit?: number;
}

export interface AuditEntry {
  id: number;
  ts: string;
  action: string;
  actor: string | null;
  principalType: string | null;
  principalId: string | null;
  principalName: string | null;
  server: string | null;
  tool: string | null;
  method: string | null;
  decision: string | null;
  reason: string | null;
  outcome: string | null;
  latencyMs: number | null;
  arguments: unknown;
  /**
   * What an admin event did: `changes` (per field, before and after, secrets masked),
   * `path` (the client config a client event wrote), names and ids. Never a secret.
   */
  detail: AuditDetail | null;
}

export interface AuditDetail {
  changes?: Record<string, { before: unknown; after: unknown }>;
  /** The client config file a client.* event read or wrote. */
  path?: string;
  client?: string;
  [field: string]: unknown;
}

export interface AuditPage {
  events: AuditEntry[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/** One chunk of an export: `text` in the chosen format (see audit-format.ts for the file around it). */
export interface AuditExportChunk {
  text: string;
  rows: number;
  nextCursor: string | null;
}

export interface AuditMinute {
  minute: string;
  allowed: number;
  denied: number;
  rate_limited: number;
  error: number;
}
