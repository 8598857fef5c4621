// The audit part of the admin API contract (spread into `contract` in ./contract): the
// filters, a page of events (newest first, with a cursor), a count and an export chunk
// for exporting a whole range, and calls per minute for the chart.
import { z } from 'zod';
import { auditExportFormats } from './audit-format';

export const auditDecisions = ['allowed', 'denied', 'rate_limited', 'error'] as const;
export type AuditDecision = (typeof auditDecisions)[number];

/** `<ts>:<id>` of the last event of the previous page: pages are newest first by (ts, id). */
export const auditCursorSchema = z
  .string()
  .regex(/^\d{1,15}:\d{1,18}$/, 'not an audit cursor: pass the nextCursor of the previous page');

export const auditFiltersSchema = z
  .object({
    since: z.iso.datetime().optional(),
    until: z.iso.datetime().optional(),
    principalId: z.string().max(2048).optional(),
    server: z.string().max(100).optional(),
    tool: z.string().max(200).optional(),
    decision: z.enum(auditDecisions).optional(),
  })
  .strict();
export type AuditFilters = z.input<typeof auditFiltersSchema>;

export const auditQuerySchema = auditFiltersSchema
  .extend({
    /** Only events after this cursor (the previous page's nextCursor). */
    cursor: auditCursorSchema.optional(),
    limit: z.number().int().min(1).max(1000).default(100),
  })
  .strict();
export type AuditQuery = z.input<typeof auditQuerySchema>;

export const auditExportSchema = auditFiltersSchema
  .extend({
    format: z.enum(auditExportFormats),
    cursor: auditCursorSchema.optional(),
    /** Events per chunk. */
    limit: z.number().int().min(1).max(10_000).default(5000),
  })
  .strict();

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

/** Marks a result type without a runtime value. */
function returns<T>(): T {
  return undefined as T;
}

export const auditContract = {
  'audit.query': { input: auditQuerySchema, result: returns<AuditPage>() },
  /** How many events match the filters (the export's progress). */
  'audit.count': { input: auditFiltersSchema, result: returns<{ count: number }>() },
  /** A chunk of every event matching the filters, formatted: call again with nextCursor until it is null. */
  'audit.export': { input: auditExportSchema, result: returns<AuditExportChunk>() },
  /** Calls per minute by decision, for the chart. */
  'audit.perMinute': {
    input: z.object({ minutes: z.number().int().min(1).max(24 * 60).default(60) }).strict(),
    result: returns<AuditMinute[]>(),
  },
} as const;
