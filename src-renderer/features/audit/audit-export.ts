import type { AuditEntry } from '../../../src-preload/contract';

const columns: (keyof AuditEntry)[] = [
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

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
  // RFC 4180 quoting; a leading = + - @ is prefixed so a spreadsheet does not run it as a formula.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: AuditEntry[]): string {
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\r\n') + '\r\n';
}

export function toJson(rows: AuditEntry[]): string {
  return JSON.stringify(rows, null, 2) + '\n';
}

/** Saves text as a file through the browser's download, without a round trip to Gatehouse. */
export function download(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function exportName(ext: 'csv' | 'json', now = new Date()): string {
  const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return `gatehouse-audit-${stamp}.${ext}`;
}
