// The audit part of the admin API contract (spread into `contract` in ./contract):
// the query with its filters, a page of events, and calls per minute for the chart.
import { z } from 'zod';

export const auditDecisions = ['allowed', 'denied', 'rate_limited', 'error'] as const;
export type AuditDecision = (typeof auditDecisions)[number];

export const auditQuerySchema = z
  .object({
    since: z.iso.datetime().optional(),
    until: z.iso.datetime().optional(),
    principalId: z.string().max(100).optional(),
    server: z.string().max(100).optional(),
    tool: z.string().max(200).optional(),
    decision: z.enum(auditDecisions).optional(),
    /** Only events with an id below this (the previous page's nextCursor). */
    before: z.number().int().positive().optional(),
    limit: z.number().int().min(1).max(1000).default(100),
  })
  .strict();
export type AuditQuery = z.input<typeof auditQuerySchema>;

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
  nextCursor: number | null;
}

export interface AuditMinute {
  minute: string;
  allowed: number;
  denied: number;
  rate_limited: number;
  error: number;
}

/** Marks a result type without a runtime value. */
function returns<T>(): T {
  return undefined as T;
}

export const auditContract = {
  'audit.query': { input: auditQuerySchema, result: returns<AuditPage>() },
  /** Calls per minute by decision, for the chart. */
  'audit.perMinute': {
    input: z.object({ minutes: z.number().int().min(1).max(24 * 60).default(60) }).strict(),
    result: returns<AuditMinute[]>(),
  },
} as const;
