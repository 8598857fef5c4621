// Audit events as CSV, JSON and NDJSON: the one formatter of the export on the Audit
// screen (the server formats each chunk) and of `gatehouse audit --format`. No
// dependency, so the renderer can load it too.
import type { AuditEntry } from './audit';

export const auditExportFormats = ['csv', 'json', 'ndjson'] as const;
export type AuditExportFormat = (typeof auditExportFormats)[number];

export const auditColumns: readonly (keyof AuditEntry)[] = [
  'id',
  'ts',
  'action',
  'actor',
  'principalType',
  'principalId',
  'principalName',
  'server',
  'tool',
  'method',
  'decision',
  'reason',
  'outcome',
  'latencyMs',
  'arguments',
];

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
  // RFC 4180 quoting; a leading = + - @ is prefixed so a spreadsheet does not run it as a formula.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * A file is `head`, then each chunk (chunks after the first preceded by `separator` when
 * both are non-empty), then `tail`. A chunk is what `formatAuditRows` returns for a page.
 */
export interface ExportFrame {
  head: string;
  separator: string;
  tail: string;
}

export function exportFrame(format: AuditExportFormat): ExportFrame {
  if (format === 'csv') return { head: `${auditColumns.join(',')}\r\n`, separator: '', tail: '' };
  if (format === 'json') return { head: '[\n', separator: ',\n', tail: '\n]\n' };
  return { head: '', separator: '', tail: '' };
}

/** One chunk: CSV lines (CRLF), NDJSON lines, or JSON objects joined by `,\n` (the frame adds the brackets). */
export function formatAuditRows(rows: readonly AuditEntry[], format: AuditExportFormat): string {
  if (format === 'csv') return rows.map((r) => `${auditColumns.map((c) => csvCell(r[c])).join(',')}\r\n`).join('');
  if (format === 'ndjson') return rows.map((r) => `${JSON.stringify(r)}\n`).join('');
  return rows.map((r) => `  ${JSON.stringify(r)}`).join(',\n');
}

/** Writes a file chunk by chunk: `head()`, then `chunk(text)` for each, then `tail()`. */
export class ExportAssembler {
  private readonly frame: ExportFrame;
  private empty = true;

  constructor(format: AuditExportFormat) {
    this.frame = exportFrame(format);
  }

  head(): string {
    return this.frame.head;
  }

  /** What to write for this chunk: its text, after the separator when it is not the first. */
  chunk(text: string): string {
    if (text === '') return '';
    const out = this.empty ? text : this.frame.separator + text;
    this.empty = false;
    return out;
  }

  tail(): string {
    return this.frame.tail;
  }
}

/** Joins chunks into the whole file (tests, small exports). */
export function assembleExport(format: AuditExportFormat, chunks: readonly string[]): string {
  const a = new ExportAssembler(format);
  return a.head() + chunks.map((c) => a.chunk(c)).join('') + a.tail();
}

export const exportMimeTypes: Record<AuditExportFormat, string> = {
  csv: 'text/csv',
  json: 'application/json',
  ndjson: 'application/x-ndjson',
};
