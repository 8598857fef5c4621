// The Audit screen's export: every event matching the filters, not only the rows loaded.
// The server formats it in chunks (audit.export, on its read thread); the page joins
// them into one file and reports progress against audit.count.
import { ExportAssembler, exportMimeTypes, type AuditExportFormat } from '../../../src-shared/model/audit-format';
import type { AuditFilters } from '../../../src-preload/contract-audit';
import { call } from '../../lib/api';

/** Events per chunk: about 1 MB of CSV, a few tens of ms on the server. */
export const EXPORT_CHUNK = 5000;

export interface ExportProgress {
  done: number;
  total: number;
}

export class ExportCancelled extends Error {
  constructor() {
    super('The export was cancelled.');
    this.name = 'ExportCancelled';
  }
}

/**
 * Every event matching `filters`, up to the moment the export starts (events written
 * after it are left out, so the count and the file agree), as one Blob.
 */
export async function exportAudit(
  filters: AuditFilters,
  format: AuditExportFormat,
  onProgress: (p: ExportProgress) => void,
  signal: AbortSignal,
  now = new Date(),
): Promise<{ blob: Blob; rows: number }> {
  const range: AuditFilters = { ...filters, until: filters.until ?? now.toISOString() };
  const { count } = await call('audit.count', range);
  onProgress({ done: 0, total: count });
  const file = new ExportAssembler(format);
  const parts: string[] = [file.head()];
  let cursor: string | undefined;
  let done = 0;
  do {
    if (signal.aborted) throw new ExportCancelled();
    const chunk = await call('audit.export', { ...range, format, limit: EXPORT_CHUNK, ...(cursor ? { cursor } : {}) });
    parts.push(file.chunk(chunk.text));
    done += chunk.rows;
    onProgress({ done, total: Math.max(count, done) });
    cursor = chunk.nextCursor ?? undefined;
  } while (cursor);
  parts.push(file.tail());
  return { blob: new Blob(parts, { type: exportMimeTypes[format] }), rows: done };
}

/** Saves a Blob as a file through the browser's download. */
export function download(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function exportName(ext: AuditExportFormat, now = new Date()): string {
  const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return `gatehouse-audit-${stamp}.${ext}`;
}
