// Keyset pagination: a page is "the next N rows after this one in this order", read as
// one index range. The cursor names the last row of the previous page by its sort value
// and a unique tie-breaker; it is opaque to callers (base64url of JSON).
import { GatehouseError } from '../errors';

export interface KeysetOrder {
  /** The sort column, e.g. `k.created_at`. */
  column: string;
  /** Sorted case-insensitively (its index is `COLLATE NOCASE`). */
  nocase?: boolean;
  /** A unique column that breaks ties, e.g. `k.id`. */
  tie: string;
  desc: boolean;
  /**
   * Where the first page starts: a value before every row in the page order. The first
   * page is then the same range read as every other page (EXPLAIN says SEARCH, not SCAN).
   */
  start: readonly [CursorValue, CursorValue];
}

/** Starts for the usual columns: times and numbers are ≥ 0, text sorts below U+10FFFF. */
export const START = {
  newest: [Number.MAX_SAFE_INTEGER, ''],
  oldest: [-1, ''],
  textAsc: ['', ''],
  textDesc: ['\u{10FFFF}\u{10FFFF}', ''],
} as const satisfies Record<string, readonly [CursorValue, CursorValue]>;

type CursorValue = string | number | null;

export function encodeCursor(values: readonly CursorValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, length: number): CursorValue[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = null;
  }
  const ok = Array.isArray(values) && values.length === length && values.every((v) => v === null || typeof v === 'string' || typeof v === 'number');
  if (!ok) throw new GatehouseError('INVALID_INPUT', 'cursor: not a cursor of this list; pass the nextCursor of the previous page, or none for the first');
  return values as CursorValue[];
}

/** `(column, tie) > (@after0, @after1)` (or `<` newest first): a range SQLite reads from the index. */
export function afterCondition(o: KeysetOrder): string {
  // The collation goes on the parameter: SQLite then still reads the row value as a range
  // of the NOCASE index (on the column it makes a plain SCAN of that index).
  return `(${o.column}, ${o.tie}) ${o.desc ? '<' : '>'} (@after0${o.nocase ? ' COLLATE NOCASE' : ''}, @after1)`;
}

/** The parameters of afterCondition: the previous page's cursor, or the order's start. */
export function afterParams(o: KeysetOrder, cursor: string | undefined): { after0: CursorValue; after1: CursorValue } {
  const [after0, after1] = cursor ? decodeCursor(cursor, 2) : o.start;
  return { after0: after0!, after1: after1! };
}

export function orderClause(o: KeysetOrder): string {
  const dir = o.desc ? 'DESC' : 'ASC';
  return `ORDER BY ${o.column}${o.nocase ? ' COLLATE NOCASE' : ''} ${dir}, ${o.tie} ${dir}`;
}

/** Upper bound of a case-insensitive prefix range: every string that starts with `prefix` sorts below it. */
export function prefixEnd(prefix: string): string {
  return `${prefix}\u{10FFFF}`;
}

/** A page's WHERE conditions and their parameters, before the page's own start (see pageTail). */
export interface PageFilter {
  where: string[];
  params: Record<string, unknown>;
}

/**
 * The filter every name-searchable list starts from: one row more than the page (it says
 * whether a next page exists) and, with a search, the name prefix as a range of the
 * NOCASE name index. A list adds its own conditions to it.
 */
export function nameSearch(q: { limit?: number; search?: string }, nameColumn: string): PageFilter {
  const f: PageFilter = { where: [], params: { limit: (q.limit ?? 100) + 1 } };
  if (q.search) {
    f.where.push(`${nameColumn} COLLATE NOCASE >= @lo AND ${nameColumn} COLLATE NOCASE < @hi`);
    f.params.lo = q.search;
    f.params.hi = prefixEnd(q.search);
  }
  return f;
}

/** `WHERE … ORDER BY … LIMIT @limit` of a page: the filter's conditions, then the rows after the cursor in the order. */
export function pageTail(f: PageFilter, o: KeysetOrder, cursor: string | undefined): { sql: string; params: Record<string, unknown> } {
  const where = [...f.where, afterCondition(o)].join(' AND ');
  return { sql: `WHERE ${where} ${orderClause(o)} LIMIT @limit`, params: { ...f.params, ...afterParams(o, cursor) } };
}

/** The page (limit rows) out of limit + 1 read, and the cursor of its last row when more follow. */
export function pageOf<T>(rows: T[], limit: number, cursorOf: (last: T) => CursorValue[]): { rows: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(cursorOf(last)) : null };
}
