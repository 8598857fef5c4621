// The audit part of the admin API contract (spread into `contract` in ./contract): the
// filters, a page of events (newest first, with a cursor), a count and an export chunk
// for exporting a whole range, and calls per minute for the chart.
import { z } from 'zod';
import { auditExportFormats } from '../src-shared/model/audit-format';
import { auditDecisions, type AuditExportChunk, type AuditFilters, type AuditMinute, type AuditPage, type AuditQuery } from '../src-shared/model/audit';
import { sameShape } from './same-shape';

export * from '../src-shared/model/audit';


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
sameShape<z.input<typeof auditFiltersSchema>, AuditFilters>(true);

export const auditQuerySchema = auditFiltersSchema
  .extend({
    /** Only events after this cursor (the previous page's nextCursor). */
    cursor: auditCursorSchema.optional(),
    limit: z.number().int().min(1).max(1000).default(100),
  })
  .strict();
sameShape<z.input<typeof auditQuerySchema>, AuditQuery>(true);

export const auditExportSchema = auditFiltersSchema
  .extend({
    format: z.enum(auditExportFormats),
    cursor: auditCursorSchema.optional(),
    /** Events per chunk. */
    limit: z.number().int().min(1).max(10_000).default(5000),
  })
  .strict();

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
