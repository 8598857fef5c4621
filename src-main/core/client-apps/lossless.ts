// The proof every config write must pass: parse the document before and after, take
// the entries being edited out of both, and the rest must be semantically equal (same
// keys, same values; key order and formatting aside). An editor bug that would touch a
// neighbouring entry or a setting is refused before a byte is written.
import jsonc from 'jsonc-parser';
import { parse as parseToml } from 'smol-toml';
import { GatehouseError } from '../errors';
import type { ConfigFormat } from './definitions';

export interface DocShape {
  format: ConfigFormat;
  serversKey: string;
  path: string;
}

/** The whole document as plain values; null when it does not parse. */
export function documentValue(text: string, format: ConfigFormat): Record<string, unknown> | null {
  const body = text.replace(/^\uFEFF/, '');
  if (format === 'toml') {
    try {
      return parseToml(body) as Record<string, unknown>;
    } catch {
      return null;
    }
  }
  const errors: jsonc.ParseError[] = [];
  const value = jsonc.parse(body, errors, { allowTrailingComma: format === 'jsonc', disallowComments: format === 'json', allowEmptyContent: false }) as unknown;
  if (errors.length || !value || typeof value !== 'object' || Array.isArray(value)) return null;
  return value as Record<string, unknown>;
}

/** A stable text for a value: object keys sorted; dates, big integers and non-finite floats tagged. */
export function canonical(value: unknown): string {
  if (value instanceof Date) return `{"$date":${JSON.stringify(value.toISOString?.() ?? String(value))}}`;
  if (typeof value === 'bigint') return `{"$bigint":"${value}"}`;
  if (typeof value === 'number' && !Number.isFinite(value)) return `{"$float":"${value}"}`;
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** The document without the named entries; a servers map that is absent counts as empty (an edit may create it). */
function rest(doc: Record<string, unknown>, serversKey: string, names: Iterable<string>): Record<string, unknown> {
  const map = doc[serversKey] ?? {};
  if (typeof map !== 'object' || Array.isArray(map) || map instanceof Date) return doc;
  const others = { ...(map as Record<string, unknown>) };
  for (const n of names) delete others[n];
  return { ...doc, [serversKey]: others };
}

/** The first key path where two values differ, for the message (never a value: they may be secrets). */
export function firstDifference(a: unknown, b: unknown, at: string[] = []): string[] | null {
  if (canonical(a) === canonical(b)) return null;
  const isMap = (v: unknown) => v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);
  if (isMap(a) && isMap(b)) {
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    for (const k of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
      const d = firstDifference(ra[k], rb[k], [...at, k]);
      if (d) return d;
    }
  }
  return at;
}

/** The key paths outside `names` on which two documents differ (top level and one level into the servers map). */
export function changedOutside(before: string, after: string, shape: DocShape, names: Iterable<string>): string[] {
  const a = documentValue(before, shape.format);
  const b = documentValue(after, shape.format);
  if (!a || !b) return a === b ? [] : ['(the whole file)'];
  const ra = rest(a, shape.serversKey, names);
  const rb = rest(b, shape.serversKey, names);
  const out: string[] = [];
  for (const k of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
    if (canonical(ra[k]) === canonical(rb[k])) continue;
    if (k !== shape.serversKey) {
      out.push(k);
      continue;
    }
    const ma = (ra[k] ?? {}) as Record<string, unknown>;
    const mb = (rb[k] ?? {}) as Record<string, unknown>;
    for (const n of new Set([...Object.keys(ma), ...Object.keys(mb)])) if (canonical(ma[n]) !== canonical(mb[n])) out.push(`${k}.${n}`);
  }
  return out;
}

/**
 * Refuses an edit unless it leaves every part of the document outside `names` as it was.
 * Both texts must parse: the one before was parsed to compute the edit, and a result
 * that does not parse is never written.
 */
export function assertOnlyEntriesChanged(before: string, after: string, shape: DocShape, names: readonly string[]): void {
  const a = documentValue(before, shape.format);
  const b = documentValue(after, shape.format);
  if (!b) {
    throw new GatehouseError('INTERNAL', `editing ${shape.path} would leave a file that does not parse; nothing was written`);
  }
  if (!a) return; // an unparsable file is never edited (CONFIG_INVALID earlier); nothing to compare with
  const diff = firstDifference(rest(a, shape.serversKey, names), rest(b, shape.serversKey, names));
  if (diff) {
    throw new GatehouseError(
      'INTERNAL',
      `editing ${names.join(', ')} in ${shape.path} would also change ${diff.join('.') || 'the top level'}; ` +
        'Gatehouse refused the write and nothing was written. Please report this with the file’s shape (not its secrets).',
    );
  }
}
