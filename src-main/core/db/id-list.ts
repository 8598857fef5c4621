// A list of values in a statement, portably: `IN (@ids0, @ids1, …)`. SQLite's json_each
// and PostgreSQL's arrays are each their engine's own, so a page's ids are bound one
// placeholder each. The list is padded to a power of two (repeating its last value,
// which IN ignores) so a statement has a few texts to prepare, not one per length, and
// a long list is read in chunks.
import type { Row } from './sql';

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
