// A list of values as a portable `IN (?, ?, …)`: SQLite's json_each and PostgreSQL's
// unnest are each one engine's own, and both engines read an IN list of placeholders as
// one index look-up per value. The list is padded to a power of two (with its last value:
// a repeat changes nothing in IN), so a caller runs at most a dozen statement texts
// whatever the lengths it passes; long lists go in chunks of MAX_IN values.
// Two spellings from two branches merged together: allIn (positional, `IN (…)` marker)
// and boundList/readForList (named @ids0…): both pad to a power of two.
import type { Params, Row, Sql } from './sql';

/** Values per statement: far below SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
export const MAX_IN = 512;

/** `?, ?, …` for a list of n values padded to the next power of two (at least 1). */
export function inPlaceholders(n: number): string {
  let size = 1;
  while (size < n) size *= 2;
  return Array(size).fill('?').join(', ');
}

/** The values padded to the length of inPlaceholders(values.length). */
export function inValues<T>(values: readonly T[]): T[] {
  const out = [...values];
  let size = 1;
  while (size < out.length) size *= 2;
  while (out.length < size) out.push(values.at(-1)!);
  return out;
}

/**
 * The rows of `template` for every value, `template` holding one `IN (…)` marker:
 * `SELECT * FROM t WHERE id IN (…)`. `before` and `after` are values bound ahead of and
 * after the list. Nothing is read for an empty list.
 */
export function allIn<T = Row>(sql: Sql, template: string, values: readonly unknown[], extra: { before?: unknown[]; after?: unknown[] } = {}): T[] {
  if (!template.includes('IN (…)')) throw new Error('allIn: the statement needs an `IN (…)` marker');
  if (values.length === 0) return [];
  const out: T[] = [];
  for (let i = 0; i < values.length; i += MAX_IN) {
    const chunk = values.slice(i, i + MAX_IN);
    const text = template.replace('IN (…)', `IN (${inPlaceholders(chunk.length)})`);
    const params: Params = [...(extra.before ?? []), ...inValues(chunk), ...(extra.after ?? [])];
    out.push(...sql.all<T>(text, params));
  }
  return out;
}

export const MAX_LIST = 512;

export interface BoundList {
  /** `@p0, @p1, …`: goes inside `IN (…)`. */
  marks: string;
  params: Record<string, unknown>;
}

/** Placeholders and values for one non-empty list of at most MAX_LIST values. */
export function boundList(values: readonly unknown[], prefix = 'ids'): BoundList {
  if (values.length === 0 || values.length > MAX_LIST) throw new RangeError(`a bound list holds 1 to ${MAX_LIST} values, not ${values.length}`);
  let size = 1;
  while (size < values.length) size *= 2;
  const marks: string[] = [];
  const params: Record<string, unknown> = {};
  for (let i = 0; i < size; i++) {
    marks.push(`@${prefix}${i}`);
    params[`${prefix}${i}`] = values[Math.min(i, values.length - 1)];
  }
  return { marks: marks.join(', '), params };
}

/** Rows read for every value of a list of any length, MAX_LIST values a statement. */
export function readForList<T = Row>(values: readonly unknown[], read: (list: BoundList) => T[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < values.length; i += MAX_LIST) out.push(...read(boundList(values.slice(i, i + MAX_LIST))));
  return out;
}
