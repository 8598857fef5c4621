// `gatehouse audit`: one page as a table (or JSON with its cursor), or with --all every
// matching event, streamed page by page to stdout as CSV, JSON or NDJSON.
import { once } from 'node:events';
import { ExportAssembler, formatAuditRows, type AuditExportFormat } from '../../src-shared/model/audit-format';
import type { AuditEntry, AuditFilters, AuditPage } from '../../src-preload/contract';
import type { AdminApi } from '../api';
import { isGatehouseError } from '../core/errors';
import { call, CliFailure, printJson, table, withCore, type CommonOptions } from './context';
import { resolveKeyId, resolveOAuthClientId, resolveServerName } from './resolve';

export type AuditFormat = 'table' | AuditExportFormat;

export interface AuditOptions extends CommonOptions {
  since?: string;
  until?: string;
  key?: string;
  server?: string;
  tool?: string;
  decision?: AuditFilters['decision'];
  limit?: number;
  cursor?: string;
  all?: boolean;
  format?: AuditFormat;
}

/** Events per chunk with --all: a few MB at most in memory, whatever the range. */
const CHUNK = 5000;

const codeOf = (e: unknown) => (isGatehouseError(e) || e instanceof CliFailure ? e.code : null);

/** Whether the log holds any event of this principal or server (one that is gone now). */
async function logged(api: AdminApi, filter: { principalId: string } | { server: string }): Promise<boolean> {
  try {
    return (await call(api, 'audit.query', { limit: 1, ...filter })).events.length > 0;
  } catch {
    return false;
  }
}

/**
 * --server: a registered server (by its name or a client's name for it); a removed one
 * is still found when the log holds its events. Anything else is an error with a hint,
 * never "no events".
 */
async function serverFilter(api: AdminApi, given: string): Promise<string> {
  try {
    return await resolveServerName(api, given);
  } catch (e) {
    if (codeOf(e) !== 'NOT_FOUND' || !(await logged(api, { server: given }))) throw e;
    return given;
  }
}

/**
 * --key: an API key (by its id or name), else an OAuth client (by its id or name), else
 * an id the log holds events of (a deleted key or client). Anything else is the key's
 * error, with its hint.
 */
async function principalFilter(api: AdminApi, given: string): Promise<string> {
  try {
    return await resolveKeyId(api, given);
  } catch (e) {
    if (codeOf(e) !== 'NOT_FOUND') throw e;
    try {
      return await resolveOAuthClientId(api, given);
    } catch (o) {
      if (codeOf(o) !== 'NOT_FOUND') throw o;
    }
    if (await logged(api, { principalId: given })) return given;
    throw e;
  }
}

async function filtersOf(api: AdminApi, opts: AuditOptions): Promise<AuditFilters> {
  return {
    ...(opts.since ? { since: opts.since } : {}),
    ...(opts.until ? { until: opts.until } : {}),
    ...(opts.key ? { principalId: await principalFilter(api, opts.key) } : {}),
    ...(opts.server ? { server: await serverFilter(api, opts.server) } : {}),
    ...(opts.tool ? { tool: opts.tool } : {}),
    ...(opts.decision ? { decision: opts.decision } : {}),
  };
}

/** Writes and waits while the pipe is full: a slow reader never makes this hold the whole range. */
async function write(text: string): Promise<void> {
  if (text && !process.stdout.write(text)) await once(process.stdout, 'drain');
}

/** Every matching event, chunk by chunk, framed as one file. */
async function streamAll(api: AdminApi, filters: AuditFilters, format: AuditExportFormat): Promise<void> {
  // The range ends now: events written while it streams are left out, as on the Audit screen.
  const range = { ...filters, until: filters.until ?? new Date().toISOString() };
  const file = new ExportAssembler(format);
  await write(file.head());
  let cursor: string | undefined;
  do {
    const chunk = await call(api, 'audit.export', { ...range, format, limit: CHUNK, ...(cursor ? { cursor } : {}) });
    await write(file.chunk(chunk.text));
    cursor = chunk.nextCursor ?? undefined;
  } while (cursor);
  await write(file.tail());
}

function printTable(page: AuditPage): void {
  if (page.events.length === 0) {
    process.stdout.write('No audit events match.\n');
    return;
  }
  process.stdout.write(
    table(
      ['TIME', 'WHO', 'SERVER', 'WHAT', 'DECISION', 'MS', 'REASON'],
      page.events.map((e: AuditEntry) => [
        e.ts.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
        e.principalName ?? e.principalId ?? e.actor ?? '-',
        e.server ?? '-',
        e.tool ? `${e.method ?? ''} ${e.tool}`.trim() : (e.method ?? e.action),
        e.decision ?? '-',
        e.latencyMs === null ? '' : e.latencyMs.toFixed(1),
        e.reason ?? e.outcome ?? '',
      ]),
    ),
  );
  if (page.nextCursor) process.stderr.write(`More events: --cursor ${page.nextCursor}, or --all --format csv|json|ndjson for every one.\n`);
}

function formatOf(opts: AuditOptions): AuditFormat {
  if (opts.json && opts.format && opts.format !== 'json') throw new CliFailure('--json and --format disagree: use one of them', 2, 'INVALID_INPUT');
  if (opts.all && !opts.format && !opts.json) throw new CliFailure('--all writes every event: choose --format csv, json or ndjson', 2, 'INVALID_INPUT');
  if (opts.all && (opts.limit !== undefined || opts.cursor)) throw new CliFailure('--all reads every event: leave out --limit and --cursor', 2, 'INVALID_INPUT');
  return opts.format ?? (opts.json ? 'json' : 'table');
}

export async function showAudit(opts: AuditOptions): Promise<void> {
  const format = formatOf(opts);
  // Closed by a reader that stopped (| head): not an error worth a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
  });
  await withCore(opts, async (_c, api) => {
    const filters = await filtersOf(api, opts);
    if (opts.all) return streamAll(api, filters, format as AuditExportFormat);
    const page = await call(api, 'audit.query', { ...filters, limit: opts.limit ?? 50, ...(opts.cursor ? { cursor: opts.cursor } : {}) });
    if (format === 'table') return printTable(page);
    // --json keeps its shape (the page and its cursor); --format writes the rows as a file would.
    if (opts.json) return printJson(page);
    const file = new ExportAssembler(format);
    await write(file.head() + file.chunk(formatAuditRows(page.events, format)) + file.tail());
  });
}
