// What an admin change did, for the audit log: per changed field, the value before and
// after. Secret fields never leave as values: they read "(changed)" / "(set)" / "(removed)".
export type FieldChange = { before: unknown; after: unknown };
export type Changes = Record<string, FieldChange>;

/** Placeholder for a secret value in an audit row. */
export const MASKED = '••••••';

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * The fields of `after` that differ from `before` (fields absent from `after` did not
 * change). `secret` fields are masked: the row says that they changed, never to what.
 */
export function changesOf<T extends Record<string, unknown>>(
  before: T,
  after: Partial<T>,
  opts: { secret?: readonly (keyof T)[] } = {},
): Changes {
  const out: Changes = {};
  for (const field of Object.keys(after) as (keyof T & string)[]) {
    const next = after[field];
    if (next === undefined || same(before[field], next)) continue;
    out[field] = opts.secret?.includes(field) ? maskedChange(before[field], next) : { before: before[field] ?? null, after: next ?? null };
  }
  return out;
}

function maskedChange(before: unknown, after: unknown): FieldChange {
  const had = before !== null && before !== undefined && before !== '';
  const has = after !== null && after !== undefined && after !== '';
  return { before: had ? MASKED : null, after: has ? MASKED : null };
}

/**
 * Secret maps (env, headers): names are shown, values masked. A value that changed
 * under the same name shows as masked on both sides.
 */
export function secretMapChanges(before: Record<string, string>, after: Record<string, string> | undefined): FieldChange | null {
  if (!after) return null;
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  const b: Record<string, string> = {};
  const a: Record<string, string> = {};
  let changed = false;
  for (const n of [...names].sort()) {
    if (n in before) b[n] = MASKED;
    if (n in after) a[n] = n in before && before[n] !== after[n] ? `${MASKED} (changed)` : MASKED;
    if (before[n] !== after[n]) changed = true;
  }
  return changed ? { before: b, after: a } : null;
}
